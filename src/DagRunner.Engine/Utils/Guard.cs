using System;
using System.Runtime.CompilerServices;

namespace DagRunner.Engine.Utils
{
    /// <summary>Argument checks in one place, named after the argument that failed.</summary>
    internal static class Guard
    {
        public static T NotNull<T>(T? value, [CallerArgumentExpression(nameof(value))] string argumentName = "")
            where T : class
            => value ?? throw new ArgumentNullException(argumentName);

        public static int Positive(int value, [CallerArgumentExpression(nameof(value))] string argumentName = "")
            => value > 0 ? value : throw new ArgumentOutOfRangeException(argumentName, value, "The value must be greater than zero.");
    }
}

namespace System.Runtime.CompilerServices
{
    [AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
    internal sealed class CallerArgumentExpressionAttribute : Attribute
    {
        public CallerArgumentExpressionAttribute(string parameterName) => ParameterName = parameterName;

        public string ParameterName { get; }
    }
}
