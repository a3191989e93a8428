namespace Netwright.IntegrationTests.Infrastructure;

/// <summary>Time limits for every await in these tests, so a broken server fails a test instead of hanging the run.</summary>
public static class Timeouts
{
    /// <summary>The limit for one step of a test (a connect, a reply, a close).</summary>
    public static readonly TimeSpan Step = TimeSpan.FromSeconds(10);

    /// <summary>The limit for a whole test; its token is passed to every call that takes one.</summary>
    public static readonly TimeSpan Test = TimeSpan.FromSeconds(60);

    public static Task WithTimeout(this Task task) => task.WaitAsync(Step);

    public static Task<T> WithTimeout<T>(this Task<T> task) => task.WaitAsync(Step);

    public static Task WithTimeout(this ValueTask task) => task.AsTask().WaitAsync(Step);

    public static Task<T> WithTimeout<T>(this ValueTask<T> task) => task.AsTask().WaitAsync(Step);
}
