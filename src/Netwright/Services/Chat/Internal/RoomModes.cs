using System.Globalization;
using System.Text;

namespace Netwright.Services.Chat.Internal;

/// <summary>
/// A room's channel modes as the cluster shares them (+i +m +n +t, the key, the limit and the ban list), with the time
/// they were set: what a node sends after a MODE change and keeps in its state, so every node's copy of the room
/// refuses and allows the same joins and messages.
/// </summary>
internal sealed record RoomModes(string Flags, string? Key, int Limit, IReadOnlyList<BanEntry> Bans, DateTimeOffset SetAt)
{
    /// <summary>The number of fields <see cref="Write"/> gives.</summary>
    public const int FieldCount = 5;

    /// <summary>Takes the modes of a room.</summary>
    public static RoomModes Of(ChatRoom room, DateTimeOffset at)
    {
        var flags = new StringBuilder(4);
        flags.Append(room.InviteOnly ? "i" : "").Append(room.Moderated ? "m" : "").Append(room.NoExternalMessages ? "n" : "").Append(room.TopicLocked ? "t" : "");
        return new RoomModes(flags.ToString(), room.Key, room.Limit, [.. room.Bans], at);
    }

    /// <summary>Gives a room these modes (its members' statuses are left alone).</summary>
    public void ApplyTo(ChatRoom room)
    {
        room.InviteOnly = Flags.Contains('i', StringComparison.Ordinal);
        room.Moderated = Flags.Contains('m', StringComparison.Ordinal);
        room.NoExternalMessages = Flags.Contains('n', StringComparison.Ordinal);
        room.TopicLocked = Flags.Contains('t', StringComparison.Ordinal);
        room.Key = Key;
        room.Limit = Limit;
        room.Bans.Clear();
        room.Bans.AddRange(Bans);
    }

    /// <summary>The modes as <see cref="FieldCount"/> cluster fields: time, flags, key (empty for none), limit, bans (mask, setter, time; space-separated).</summary>
    public string[] Write() =>
    [
        ClusterText.Time(SetAt),
        Flags,
        Key ?? "",
        Limit.ToString(CultureInfo.InvariantCulture),
        string.Join(' ', Bans.Select(b => $"{b.Mask} {b.SetBy} {ClusterText.Time(b.SetAt)}")),
    ];

    /// <summary>Reads the fields <see cref="Write"/> gave, from <paramref name="start"/>; a malformed field throws <see cref="FormatException"/>.</summary>
    public static RoomModes Read(string[] fields, int start)
    {
        if (!int.TryParse(fields[start + 3], NumberStyles.None, CultureInfo.InvariantCulture, out var limit))
        {
            throw new FormatException("bad channel limit");
        }

        var words = fields[start + 4].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length % 3 != 0)
        {
            throw new FormatException("bad ban list");
        }

        var bans = new List<BanEntry>(words.Length / 3);
        for (var i = 0; i < words.Length; i += 3)
        {
            bans.Add(new BanEntry(words[i], words[i + 1], ClusterText.ParseTime(words[i + 2])));
        }

        var key = fields[start + 2];
        return new RoomModes(fields[start + 1], key.Length == 0 ? null : key, limit, bans, ClusterText.ParseTime(fields[start]));
    }
}
