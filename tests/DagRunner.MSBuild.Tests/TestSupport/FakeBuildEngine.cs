using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.Build.Framework;

namespace DagRunner.MSBuild.Tests.TestSupport
{
    /// <summary>Records every event a task logs, with its position, code and importance.</summary>
    internal sealed class FakeBuildEngine : IBuildEngine
    {
        private readonly object gate = new object();

        public FakeBuildEngine(string projectFile) => ProjectFileOfTaskNode = projectFile;

        public List<BuildEventArgs> Events { get; } = new List<BuildEventArgs>();

        public IReadOnlyList<BuildErrorEventArgs> Errors => Snapshot().OfType<BuildErrorEventArgs>().ToList();

        public IReadOnlyList<BuildWarningEventArgs> Warnings => Snapshot().OfType<BuildWarningEventArgs>().ToList();

        /// <summary>Messages (command lines included) in the order logged.</summary>
        public IReadOnlyList<BuildMessageEventArgs> Messages => Snapshot().OfType<BuildMessageEventArgs>().ToList();

        public bool ContinueOnError => false;

        /// <summary>Where the task's element is in the project; 0 (unknown) unless a test sets it.</summary>
        public int LineNumberOfTaskNode { get; set; }

        public int ColumnNumberOfTaskNode { get; set; }

        public string ProjectFileOfTaskNode { get; }

        public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) => throw new NotSupportedException();

        public void LogCustomEvent(CustomBuildEventArgs e) => Add(e);

        public void LogErrorEvent(BuildErrorEventArgs e) => Add(e);

        public void LogMessageEvent(BuildMessageEventArgs e) => Add(e);

        public void LogWarningEvent(BuildWarningEventArgs e) => Add(e);

        /// <summary>The error as MSBuild's console logger prints it: <c>file(line,col): error CODE: message</c>.</summary>
        public static string Canonical(BuildErrorEventArgs e) => $"{e.File}({e.LineNumber},{e.ColumnNumber}): error {e.Code}: {e.Message}";

        public static string Canonical(BuildWarningEventArgs e) => $"{e.File}({e.LineNumber},{e.ColumnNumber}): warning {e.Code}: {e.Message}";

        /// <summary>Waits until a message with exactly this text is logged; false only if it never comes (a hang).</summary>
        public bool WaitForMessage(string text, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            lock (gate)
            {
                while (!Events.OfType<BuildMessageEventArgs>().Any(m => m.Message == text))
                {
                    var left = deadline - DateTime.UtcNow;
                    if (left <= TimeSpan.Zero)
                    {
                        return false;
                    }

                    Monitor.Wait(gate, left);
                }

                return true;
            }
        }

        private void Add(BuildEventArgs e)
        {
            lock (gate)
            {
                Events.Add(e);
                Monitor.PulseAll(gate);
            }
        }

        private List<BuildEventArgs> Snapshot()
        {
            lock (gate)
            {
                return Events.ToList();
            }
        }
    }
}
