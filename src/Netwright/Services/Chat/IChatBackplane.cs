namespace Netwright.Services.Chat;

/// <summary>
/// The link that joins several <see cref="ChatServer"/> nodes into one chat (<see cref="ChatOptions.Backplane"/>):
/// events to the other nodes, nickname claims with a lease, this node's state stored under its name, and room
/// history. Netwright.Chat.Redis implements it on Redis; without one (null) a server is alone.
/// </summary>
/// <remarks>
/// <para>The chat calls every member under its lock, so none may block: writes are queued or dropped, reads are tasks.
/// While the backplane is unreachable the node keeps serving its own clients: <see cref="Publish"/> drops events,
/// <see cref="ClaimNickAsync"/> grants the claim, and when the link returns the backplane re-registers this node's
/// state and claims (the state given with <see cref="SetState"/>) and calls <see cref="IChatBackplaneListener.OnSynchronized"/>.</para>
/// <para>Messages, nicknames, rooms and fields never contain CR, LF or NUL; nicknames and rooms never contain tabs.</para>
/// <para>The chat sets the state an action changes before it publishes the action's event. A backplane keeps that order
/// into its store and hands no event to the listener while it reads the other nodes' state, so a state it reads holds
/// every event it handed over before, and the events it hands over after are newer or already in it.</para>
/// </remarks>
public interface IChatBackplane : IAsyncDisposable
{
    /// <summary>Gets this node's name in the cluster, unique among the nodes.</summary>
    string NodeId { get; }

    /// <summary>Starts connecting in the background and delivering the other nodes' events to <paramref name="listener"/>; never throws for an unreachable backplane.</summary>
    /// <param name="listener">Hears events, node losses and (re)synchronisations; called on any thread.</param>
    void Start(IChatBackplaneListener listener);

    /// <summary>Sends an event to every other node, in order; dropped while the backplane is unreachable.</summary>
    /// <param name="message">One line of text.</param>
    void Publish(string message);

    /// <summary>Claims a nickname for this node, held while the node lives (renewed with its lease) or until released.</summary>
    /// <param name="nick">The nickname, already case-folded (RFC 1459).</param>
    /// <returns>False when another live node holds it; true when claimed, or when the backplane is unreachable.</returns>
    Task<bool> ClaimNickAsync(string nick);

    /// <summary>Releases a nickname this node claimed; a claim another node holds is left alone.</summary>
    /// <param name="nick">The nickname, already case-folded.</param>
    void ReleaseNick(string nick);

    /// <summary>Sets or removes (null) one field of this node's state, which the other nodes read on synchronising and lose when this node dies.</summary>
    /// <param name="field">The field's name.</param>
    /// <param name="value">Its value; null removes it.</param>
    void SetState(string field, string? value);

    /// <summary>Appends a line to a room's shared history, keeping the last <paramref name="keep"/> lines.</summary>
    /// <param name="room">The room's name, already case-folded.</param>
    /// <param name="line">The line.</param>
    /// <param name="keep">How many lines to keep.</param>
    void AppendHistory(string room, string line, int keep);

    /// <summary>Reads a room's shared history, oldest first.</summary>
    /// <param name="room">The room's name, already case-folded.</param>
    /// <returns>The lines; empty when there are none or the backplane is unreachable.</returns>
    Task<IReadOnlyList<string>> ReadHistoryAsync(string room);
}
