namespace Netwright.InteropTests.Infrastructure;

/// <summary>A theory that needs python3 (and, with <see cref="Twisted"/>, Twisted): skipped without it, except under CI, where it fails.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class PythonTheoryAttribute : TheoryAttribute
{
    private bool _twisted;

    public PythonTheoryAttribute() => Skip = PythonRuntime.SkipReason(twisted: false);

    /// <summary>Gets or sets whether the test runs a Twisted program.</summary>
    public bool Twisted
    {
        get => _twisted;
        set
        {
            _twisted = value;
            Skip = PythonRuntime.SkipReason(value);
        }
    }
}
