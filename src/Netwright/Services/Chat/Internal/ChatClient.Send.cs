using System.Text;

namespace Netwright.Services.Chat.Internal;

internal sealed partial class ChatClient
{
    private static readonly Action<ChatClient> s_close = static client => client.Transport.LoseConnection();

    /// <summary>
    /// Queues an encoded line (with its CR LF) for this client. The line is shared by every receiver of a broadcast
    /// and copied, never formatted, per client; the flush follows once per batch (<see cref="ChatHub.QueueFlush"/>).
    /// A client whose queue is over the limit is disconnected with <c>SendQ exceeded</c> and never holds up the sender.
    /// </summary>
    public void Send(byte[] line)
    {
        if (IsGone || Volatile.Read(ref _closeQueued) != 0)
        {
            return;
        }

        // The transport drops a connection whose unsent bytes pass twice its write buffer; the chat's own limit must
        // come first, with room for the ERROR line, so the client learns why it is cut off.
        var limit = Math.Min(_hub.SendQueueLimit, WriteDropLimit - 1024);
        if (UnsentBytes + line.Length > limit)
        {
            _hub.Disconnect(this, "SendQ exceeded", leaveAtOnce: true);
            return;
        }

        WriteWithoutFlush(line);
        if (Interlocked.Exchange(ref _flushQueued, 1) == 0)
        {
            _hub.QueueFlush(this);
        }
    }

    /// <summary>Flushes what <see cref="Send"/> queued (the hub's batch flush calls it, outside the lock).</summary>
    public void FlushQueuedOutput()
    {
        Volatile.Write(ref _flushQueued, 0);
        FlushWritten();
    }

    /// <summary>Sends one IRC line (CR LF added), cut to the 512-byte limit.</summary>
    public void SendIrc(string line) => Send(IrcText.Encode(line));

    /// <summary>Sends a numeric reply: <c>:server NNN target rest</c>.</summary>
    public void SendNumeric(string numeric, string rest) => SendIrc($":{_hub.Options.ServerName} {numeric} {Target} {rest}");

    /// <summary>Sends a line of text to a plain client.</summary>
    public void SendText(string text) => Send(Encoding.UTF8.GetBytes(text + "\r\n"));

    /// <summary>Tells the client why it is being closed and closes it once that is sent; safe under the hub's lock.</summary>
    public void Close(string reason, bool writeFarewell = true, bool leaveAtOnce = false)
    {
        if (Interlocked.Exchange(ref _closeQueued, 1) != 0)
        {
            return;
        }

        QuitReason ??= reason;
        if (writeFarewell)
        {
            var farewell = Kind == ClientKind.Plain ? $"* Disconnected: {reason}\r\n" : $"ERROR :Closing Link: {Host} ({reason})\r\n";
            WriteWithoutFlush(Encoding.UTF8.GetBytes(farewell));
        }

        if (leaveAtOnce)
        {
            // A client past its send queue is not reading, so its graceful close may wait long for the output to drain:
            // it leaves its rooms as soon as the hub's current operation is done (the others see the QUIT right after
            // the line that overflowed it, not whenever a pool thread gets to it), and the farewell still reaches it if
            // it ever reads.
            _hub.LeaveSoon(this);
        }

        // Not inline: closing may run the connection's read loop on this thread, re-entering the hub mid-operation.
        ThreadPool.UnsafeQueueUserWorkItem(s_close, this, preferLocal: false);
    }
}
