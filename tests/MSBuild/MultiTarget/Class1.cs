namespace MultiTarget
{
    /// <summary>Something to compile for each target framework.</summary>
    public static class Class1
    {
        public static int Answer => 42;
    }
}
