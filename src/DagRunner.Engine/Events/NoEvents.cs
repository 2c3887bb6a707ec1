namespace DagRunner.Engine.Events
{
    /// <summary>A sink that drops every event: for work that belongs to no node, such as a runspace's setup.</summary>
    internal sealed class NoEvents : IRunEventSink
    {
        public static readonly NoEvents Instance = new NoEvents();

        private NoEvents()
        {
        }

        public void Publish(RunEvent runEvent)
        {
        }
    }
}
