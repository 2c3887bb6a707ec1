namespace Versioned;

/// <summary>Something to compile: the test reads this assembly's version.</summary>
public static class Class1
{
    public const string Name = "Versioned";
}
