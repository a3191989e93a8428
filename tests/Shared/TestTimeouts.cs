namespace Netwright.Testing;

/// <summary>
/// Time limits for awaits in tests (aspnetcore's <c>DefaultTimeout()</c>): a test that would hang fails
/// with a <see cref="TimeoutException"/> instead.
/// </summary>
public static class TestTimeouts
{
    /// <summary>The limit for any single await in a test: 10 seconds.</summary>
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(10);

    /// <summary>Creates a token source that cancels after <see cref="Default"/>, for test-scoped tokens.</summary>
    public static CancellationTokenSource CreateTokenSource() => new(Default);

    /// <summary>Waits for <paramref name="task"/> at most <see cref="Default"/>.</summary>
    public static Task DefaultTimeout(this Task task) => task.WaitAsync(Default);

    /// <summary>Waits for <paramref name="task"/> at most <see cref="Default"/>.</summary>
    public static Task<T> DefaultTimeout<T>(this Task<T> task) => task.WaitAsync(Default);

    /// <summary>Waits for <paramref name="task"/> at most <see cref="Default"/>.</summary>
    public static Task DefaultTimeout(this ValueTask task) => task.AsTask().WaitAsync(Default);

    /// <summary>Waits for <paramref name="task"/> at most <see cref="Default"/>.</summary>
    public static Task<T> DefaultTimeout<T>(this ValueTask<T> task) => task.AsTask().WaitAsync(Default);
}
