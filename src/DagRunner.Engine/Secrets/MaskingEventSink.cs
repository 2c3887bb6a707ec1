using DagRunner.Engine.Events;
using DagRunner.Engine.Utils;

namespace DagRunner.Engine.Secrets
{
    /// <summary>
    /// Stands between the engine and the sink a front end gave it: every event leaves with its secrets masked, so
    /// host lines, log files, JSON lines and MSBuild messages, which all come from events, cannot forget to mask.
    /// Node results are masked earlier, by the scheduler, because the checkpoint stores them too.
    /// </summary>
    internal sealed class MaskingEventSink : IRunEventSink
    {
        private readonly IRunEventSink inner;
        private readonly SecretMasker masker;

        public MaskingEventSink(IRunEventSink inner, SecretMasker masker)
        {
            this.inner = Guard.NotNull(inner);
            this.masker = Guard.NotNull(masker);
        }

        /// <summary><paramref name="sink"/> itself when there is nothing to mask.</summary>
        public static IRunEventSink Wrap(IRunEventSink sink, SecretMasker masker)
            => masker.IsEmpty || sink is MaskingEventSink ? sink : new MaskingEventSink(sink, masker);

        public void Publish(RunEvent runEvent)
        {
            switch (runEvent)
            {
                case NodeLogEvent log:
                    var data = MaskedValues.Record(log.Data, masker);
                    inner.Publish(ReferenceEquals(data, log.Data) ? log : new NodeLogEvent(log.Time, log.Node, log.Stream, data, log.Host));
                    return;
                case NodeRetryingEvent retrying:
                    var error = MaskedValues.Error(retrying.Error, masker);
                    inner.Publish(ReferenceEquals(error, retrying.Error) ? retrying
                        : new NodeRetryingEvent(retrying.Time, retrying.Node, retrying.FailedAttempt, retrying.MaxAttempts, retrying.Delay, error));
                    return;
                default:
                    inner.Publish(runEvent);
                    return;
            }
        }
    }
}
