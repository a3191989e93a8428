namespace Netwright.Services.Chat;

/// <summary>What an <see cref="IChatBackplane"/> tells its chat server: the other nodes' events and state.</summary>
public interface IChatBackplaneListener
{
    /// <summary>Called with another node's event, in the order that node published them.</summary>
    /// <param name="message">The line the other node gave <see cref="IChatBackplane.Publish"/>.</param>
    void OnMessage(string message);

    /// <summary>
    /// Called with a run of other nodes' events that arrived together, in order: the chat applies them in one go and
    /// sends its clients what they caused once, after the last, rather than once per event.
    /// </summary>
    /// <param name="messages">The lines, each as another node gave it to <see cref="IChatBackplane.Publish"/>.</param>
    void OnMessages(IReadOnlyList<string> messages);

    /// <summary>Called after (re)connecting, once this node's own state is registered again, with every other live node's state.</summary>
    /// <param name="nodes">Each other node's name and its state fields.</param>
    void OnSynchronized(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> nodes);

    /// <summary>Called when the link is lost; the server keeps serving its own clients.</summary>
    void OnDisconnected();

    /// <summary>Called when another node stopped renewing its lease: its users are gone and its nicknames free.</summary>
    /// <param name="nodeId">The node's name.</param>
    void OnNodeLost(string nodeId);

    /// <summary>Called when this node lost a nickname it held to another node (a claim lost while the link was down).</summary>
    /// <param name="nick">The nickname.</param>
    void OnNickLost(string nick);
}
