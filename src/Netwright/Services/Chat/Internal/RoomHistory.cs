namespace Netwright.Services.Chat.Internal;

/// <summary>A room's last lines, at most <c>length</c> of them (none when it is 0), oldest first.</summary>
internal sealed class RoomHistory(int length)
{
    private readonly Queue<HistoryLine> _lines = new();

    public IEnumerable<HistoryLine> Lines => _lines;

    public int Count => _lines.Count;

    public void Remember(HistoryLine line)
    {
        if (length <= 0)
        {
            return;
        }

        if (_lines.Count == length)
        {
            _lines.Dequeue();
        }

        _lines.Enqueue(line);
    }
}
