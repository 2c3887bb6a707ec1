using System;
using DagRunner.Engine.Events;

namespace DagRunner.Engine.Tests.TestSupport
{
    /// <summary>An event sink that throws when the named node's finish is published, as a broken host's sink would.</summary>
    internal sealed class ThrowingSink : IRunEventSink
    {
        private readonly string node;

        public ThrowingSink(string onNodeFinished) => node = onNodeFinished;

        public void Publish(RunEvent runEvent)
        {
            if (runEvent is NodeFinishedEvent finished && finished.Result.Name == node)
            {
                throw new InvalidOperationException("sink failed");
            }
        }
    }
}
