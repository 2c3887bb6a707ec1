namespace DagRunner.Engine.Execution.Remote
{
    /// <summary>One session's place on a host, from <see cref="HostPlacement"/> until it is released.</summary>
    internal readonly struct HostLease
    {
        public HostLease(string host, bool idleSession)
        {
            Host = host;
            IdleSession = idleSession;
        }

        /// <summary>The <c>hosts:</c> name.</summary>
        public string Host { get; }

        /// <summary>The host had an open, idle session when the place was taken: the attempt finds one without opening.</summary>
        public bool IdleSession { get; }

        public override string ToString() => Host;
    }
}
