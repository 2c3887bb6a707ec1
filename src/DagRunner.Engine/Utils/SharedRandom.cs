using System;

namespace DagRunner.Engine.Utils
{
    /// <summary>One thread-safe source of random numbers for jitter (netstandard2.0 has no Random.Shared).</summary>
    internal static class SharedRandom
    {
        private static readonly Random Random = new Random();

        public static double NextDouble()
        {
            lock (Random)
            {
                return Random.NextDouble();
            }
        }
    }
}
