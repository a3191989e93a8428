namespace Netwright.Cli.Commands.Chat;

/// <summary>Where <c>chat</c> shows lines and reads what the user types: a terminal UI or pipes.</summary>
internal abstract class ChatScreen : IAsyncDisposable
{
    /// <summary>Shows one line; safe to call from the receiving task while input is being read.</summary>
    public abstract void Show(ChatLine line);

    /// <summary>Yields the user's lines until the input ends or <paramref name="receiving"/> completes (the server left).</summary>
    public abstract IAsyncEnumerable<string> ReadLinesAsync(Task receiving, CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();
}
