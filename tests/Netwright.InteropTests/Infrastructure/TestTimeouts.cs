namespace Netwright.InteropTests.Infrastructure;

/// <summary>Time limits for waits on other processes; generous, because the machine may be busy building.</summary>
internal static class TestTimeouts
{
    /// <summary>For a process to start and print its first line (a cold .NET or Python start on a loaded machine).</summary>
    public static readonly TimeSpan Startup = TimeSpan.FromSeconds(60);

    /// <summary>For a short exchange to finish and the program to exit.</summary>
    public static readonly TimeSpan Exchange = TimeSpan.FromSeconds(60);

    /// <summary>For one in-process await.</summary>
    public static readonly TimeSpan Await = TimeSpan.FromSeconds(30);
}
