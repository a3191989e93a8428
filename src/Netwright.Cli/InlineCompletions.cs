namespace Netwright.Cli;

/// <summary>
/// Turns on the runtime's inline socket completions for the <c>netwright</c> process: completions run on the
/// epoll thread instead of hopping to the thread pool, which saves a thread switch per receive; the measured gain
/// for the echo server and the generator is in docs/performance.md.
/// </summary>
/// <remarks>
/// The runtime reads <c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS</c> when the process first uses an
/// asynchronous socket (a static field of SocketAsyncEngine.Unix.cs in dotnet/runtime), so <c>Program</c> calls this before anything else. It is safe here because every
/// service and the generator are asynchronous and never block a completion; a library user hosting
/// handlers that block should leave it off. A value the user set, such as <c>0</c>, is left alone.
/// </remarks>
internal static class InlineCompletions
{
    private const string Variable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>Sets the variable to 1 unless the user set it.</summary>
    public static void EnableForProcess()
    {
        if (Environment.GetEnvironmentVariable(Variable) is null)
        {
            Environment.SetEnvironmentVariable(Variable, "1");
        }
    }
}
