using System;
using System.Threading;
using System.Threading.Tasks;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Events;
using DagRunner.Engine.Results;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace DagRunner.Engine.Execution.Attempts
{
    /// <summary>
    /// Runs a node's attempts through a Polly pipeline (retry outside, per-attempt timeout inside), then its
    /// fallback when every attempt failed. Ctrl+C is never retried; a timed-out attempt is stopped by the
    /// executor before the next one starts; no attempt or wait starts past the run's deadline.
    /// </summary>
    internal sealed class NodeAttempts
    {
        private readonly INodeExecutor executor;
        private readonly IRunEventSink events;
        private readonly TimeProvider clock;
        private readonly RunDeadline deadline;
        private readonly Func<double> random;

        public NodeAttempts(INodeExecutor executor, IRunEventSink events, TimeProvider clock, RunDeadline deadline, Func<double> random)
        {
            this.executor = executor;
            this.events = events;
            this.clock = clock;
            this.deadline = deadline;
            this.random = random;
        }

        /// <summary>Builds the request for an attempt: its number, which script, and the previous attempt's error.</summary>
        public delegate NodeExecutionRequest RequestFactory(int attempt, NodeScriptPart part, object? lastError);

        public async Task<AttemptsOutcome> RunAsync(NodeDefinition node, RequestFactory request, CancellationToken runToken)
        {
            var state = new AttemptState(node, request, runToken);
            NodeExecution last;
            if (node.Retry.Attempts <= 1 && node.Timeout == null && deadline.At == null)
            {
                // Nothing for Polly to do: skip building a pipeline on the path every plain node takes.
                last = await AttemptAsync(state, runToken).ConfigureAwait(false);
            }
            else
            {
                var pipeline = BuildPipeline(node, state);
                last = await pipeline.ExecuteAsync((s, token) => AttemptAsync(s, token), state, runToken).ConfigureAwait(false);
            }

            if (state.RunTimedOut)
            {
                return new AttemptsOutcome(WithError(last, RunTimeoutError()), state.Attempt, NodeReason.RunTimedOut, state.Records.ToArray());
            }

            if (node.Fallback == null || !IsFailure(last) || runToken.IsCancellationRequested)
            {
                return new AttemptsOutcome(last, state.Attempt, null, state.Records.ToArray());
            }

            return await FallbackAsync(node, state, last, runToken).ConfigureAwait(false);
        }

        private async ValueTask<NodeExecution> AttemptAsync(AttemptState state, CancellationToken token)
        {
            if (deadline.Passed)
            {
                state.RunTimedOut = true;
                return NodeExecution.Failed(RunTimeoutError());
            }

            int attempt = ++state.Attempt;
            var part = attempt == 1 ? NodeScriptPart.ConditionAndBody : NodeScriptPart.Body;
            var started = clock.GetLocalNow().DateTime;
            events.Publish(new NodeStartedEvent(started, state.Node.Id, attempt));
            var execution = await executor.ExecuteAsync(state.Request(attempt, part, state.LastError), token).ConfigureAwait(false)
                ?? NodeExecution.Failed(new InvalidOperationException($"The executor returned no result for node '{state.Node.Id}'."));
            execution = ClassifyStop(state, execution, token);
            state.Record(attempt, isFallback: false, started, clock.GetLocalNow().DateTime, execution);
            if (IsFailure(execution))
            {
                state.LastError = execution.Error;
            }

            return execution;
        }

        private async Task<AttemptsOutcome> FallbackAsync(NodeDefinition node, AttemptState state, NodeExecution failed, CancellationToken runToken)
        {
            events.Publish(new NodeLogEvent(clock.GetLocalNow().DateTime, node.Id, NodeLogStream.Warning,
                $"{Plural(state.Attempt, "attempt")} failed; running the fallback."));
            var pipeline = TimeoutOnly(node, state);
            var started = clock.GetLocalNow().DateTime;
            var fallback = await pipeline.ExecuteAsync(
                async (s, token) => ClassifyStop(s, await executor.ExecuteAsync(s.Request(s.Attempt, NodeScriptPart.Fallback, s.LastError), token).ConfigureAwait(false), token),
                state,
                runToken).ConfigureAwait(false);
            state.Record(state.Attempt, isFallback: true, started, clock.GetLocalNow().DateTime, fallback);

            if (fallback.Outcome == NodeOutcome.Succeeded)
            {
                // Degraded: succeeded through its fallback; the last attempt's error says why.
                var degraded = new NodeExecution(NodeOutcome.Succeeded, fallback.Output, failed.Error, fallback.Worker) { Host = fallback.Host };
                return new AttemptsOutcome(degraded, state.Attempt, NodeReason.Degraded, state.Records.ToArray());
            }

            if (fallback.Error != null)
            {
                events.Publish(new NodeLogEvent(clock.GetLocalNow().DateTime, node.Id, NodeLogStream.Warning,
                    "The fallback failed too: " + ErrorText.FirstLine(fallback.Error)));
            }

            return new AttemptsOutcome(failed, state.Attempt, state.RunTimedOut ? NodeReason.RunTimedOut : (NodeReason?)null, state.Records.ToArray());
        }

        /// <summary>An attempt stopped through its token without Ctrl+C was stopped by a timeout: the node's or the run's.</summary>
        private NodeExecution ClassifyStop(AttemptState state, NodeExecution? execution, CancellationToken attemptToken)
        {
            if (execution == null)
            {
                return NodeExecution.Failed(new InvalidOperationException($"The executor returned no result for node '{state.Node.Id}'."));
            }

            if (execution.Outcome != NodeOutcome.Cancelled || state.RunToken.IsCancellationRequested || !attemptToken.IsCancellationRequested)
            {
                return execution;
            }

            // The attempt's limit was the run's deadline: that is what stopped it, even when the wall clock, read a
            // moment apart from the timer that fired, does not show the deadline passed yet.
            if (state.DeadlineBinds)
            {
                state.RunTimedOut = true;
                return new NodeExecution(NodeOutcome.Failed, execution.Output, RunTimeoutError(), execution.Worker) { Host = execution.Host };
            }

            var limit = state.Node.Timeout.HasValue ? DurationText.Format(state.Node.Timeout.Value) : "its timeout";
            var error = new TimeoutException($"Attempt {state.Attempt} of node '{state.Node.Id}' ran longer than {limit} and was stopped.");
            return new NodeExecution(NodeOutcome.TimedOut, execution.Output, error, execution.Worker) { Host = execution.Host };
        }

        private ResiliencePipeline<NodeExecution> BuildPipeline(NodeDefinition node, AttemptState state)
        {
            var builder = new ResiliencePipelineBuilder<NodeExecution> { TimeProvider = clock };
            if (node.Retry.Attempts > 1)
            {
                builder.AddRetry(new RetryStrategyOptions<NodeExecution>
                {
                    MaxRetryAttempts = node.Retry.Attempts - 1,
                    ShouldHandle = args => new ValueTask<bool>(ShouldRetry(state, args.Outcome.Result)),
                    DelayGenerator = _ => new ValueTask<TimeSpan?>(state.NextDelay),
                    OnRetry = args => PublishRetry(state, args.RetryDelay),
                });
            }

            return AddTimeout(builder, node, state).Build();
        }

        private ResiliencePipeline<NodeExecution> TimeoutOnly(NodeDefinition node, AttemptState state)
            => AddTimeout(new ResiliencePipelineBuilder<NodeExecution> { TimeProvider = clock }, node, state).Build();

        /// <summary>Each attempt may last the node's timeout, and never past the run's deadline.</summary>
        private ResiliencePipelineBuilder<NodeExecution> AddTimeout(ResiliencePipelineBuilder<NodeExecution> builder, NodeDefinition node, AttemptState state)
        {
            if (node.Timeout == null && deadline.At == null)
            {
                return builder;
            }

            return builder.AddTimeout(new TimeoutStrategyOptions
            {
                TimeoutGenerator = _ =>
                {
                    var remaining = deadline.Remaining;
                    state.DeadlineBinds = remaining.HasValue && (node.Timeout == null || remaining.Value < node.Timeout.Value);
                    var limit = state.DeadlineBinds ? remaining!.Value : node.Timeout!.Value;
                    return new ValueTask<TimeSpan>(limit > TimeSpan.Zero ? limit : TimeSpan.FromTicks(1));
                },
            });
        }

        /// <summary>Retry a failure or a node timeout, unless the run was cancelled or the wait would cross the deadline.</summary>
        private bool ShouldRetry(AttemptState state, NodeExecution? execution)
        {
            if (execution == null || !IsFailure(execution) || state.RunTimedOut || state.RunToken.IsCancellationRequested)
            {
                return false;
            }

            state.NextDelay = RetryDelay.After(state.Node.Retry, state.Attempt, random());
            return !deadline.Excludes(state.NextDelay);
        }

        private ValueTask PublishRetry(AttemptState state, TimeSpan delay)
        {
            events.Publish(new NodeRetryingEvent(clock.GetLocalNow().DateTime, state.Node.Id, state.Attempt, state.Node.Retry.Attempts, delay, state.LastError));
            return default;
        }

        private static bool IsFailure(NodeExecution execution)
            => execution.Outcome == NodeOutcome.Failed || execution.Outcome == NodeOutcome.TimedOut;

        private TimeoutException RunTimeoutError()
            => new TimeoutException($"The workflow's timeout ({DurationText.Format(deadline.Timeout ?? TimeSpan.Zero)}) passed; the node was stopped or not started.");

        private static NodeExecution WithError(NodeExecution execution, object error)
            => new NodeExecution(NodeOutcome.Failed, execution.Output, execution.Error ?? error, execution.Worker) { Host = execution.Host };

        private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"All {count} {noun}s";

        /// <summary>What one node's attempts share while they run.</summary>
        private sealed class AttemptState
        {
            public AttemptState(NodeDefinition node, RequestFactory request, CancellationToken runToken)
            {
                Node = node;
                Request = request;
                RunToken = runToken;
            }

            public NodeDefinition Node { get; }

            public RequestFactory Request { get; }

            public CancellationToken RunToken { get; }

            public int Attempt { get; set; }

            public object? LastError { get; set; }

            public TimeSpan NextDelay { get; set; }

            /// <summary>The current attempt's limit is the run's deadline rather than the node's own timeout.</summary>
            public bool DeadlineBinds { get; set; }

            public bool RunTimedOut { get; set; }

            public System.Collections.Generic.List<NodeAttemptRecord> Records { get; } = new System.Collections.Generic.List<NodeAttemptRecord>(1);

            public void Record(int attempt, bool isFallback, DateTime start, DateTime end, NodeExecution execution)
                => Records.Add(new NodeAttemptRecord(attempt, isFallback, start, end, execution.Outcome.ToString(), ErrorText.FirstLine(execution.Error), execution.Worker));
        }
    }
}
