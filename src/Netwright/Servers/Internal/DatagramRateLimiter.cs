using System.Net;

namespace Netwright.Servers.Internal;

/// <summary>
/// Per-source datagram rate limiting for one datagram endpoint, in the spirit of DNS Response Rate Limiting: each
/// source (address and port) has a token bucket that refills at the configured rate and holds one second's worth, so
/// a client's bursts pass while a flooding source gets only its share answered. A datagram over the rate is dropped
/// before the application sees it, which is also what keeps a flood cheap: its datagrams cost a table look-up instead
/// of a handler and a reply, so the endpoint drains its socket faster than the flood fills it and other sources'
/// datagrams are not lost in a full receive buffer.
/// </summary>
/// <remarks>
/// <para>The table has a fixed number of slots, so memory stays bounded whatever the number of sources (a flood from
/// rotating ports cannot grow it). A source is identified by a 64-bit hash of its address, keyed per process so that
/// nobody can aim a collision. A new source takes over a slot whose bucket has refilled (it holds no information); a
/// slot still draining keeps its owner, and the newcomer shares that bucket until it refills, so a flood cannot shake
/// off its limit by crowding the table (it may throttle the few sources that share its slots, the price of a bound).</para>
/// <para>Not thread-safe: one endpoint's receive loop owns it.</para>
/// </remarks>
internal sealed class DatagramRateLimiter
{
    /// <summary>How many sources the table tracks at once (48 KiB).</summary>
    public const int Slots = 2048;

    /// <summary>Entries looked at per source: a small neighbourhood, so two busy sources rarely share a bucket.</summary>
    private const int Probe = 4;

    private static readonly long s_seed = Random.Shared.NextInt64();

    private readonly Slot[] _slots = new Slot[Slots];
    private readonly TimeProvider _time;
    private readonly double _rate;
    private readonly double _capacity;
    private readonly long _refillTicks;

    /// <param name="ratePerSecond">Datagrams per second one source may have handled, on average; more than 0.</param>
    /// <param name="time">The clock.</param>
    public DatagramRateLimiter(double ratePerSecond, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ratePerSecond, 0);
        _rate = ratePerSecond;
        _capacity = Math.Max(1, ratePerSecond);
        _time = time;
        _refillTicks = (long)(time.TimestampFrequency * (_capacity / _rate));
    }

    /// <summary>Takes a token for a datagram from <paramref name="source"/>.</summary>
    /// <returns>True to handle the datagram; false to drop it.</returns>
    public bool TryAcquire(SocketAddress source)
    {
        var key = Key(source.Buffer.Span[..source.Size]);
        var now = _time.GetTimestamp();
        ref var slot = ref Find(key, now);
        var tokens = slot.LastRefill == 0
            ? _capacity
            : Math.Min(_capacity, slot.Tokens + (_time.GetElapsedTime(slot.LastRefill, now).TotalSeconds * _rate));
        slot.LastRefill = now;
        if (tokens < 1)
        {
            slot.Tokens = tokens;
            return false;
        }

        slot.Tokens = tokens - 1;
        return true;
    }

    /// <summary>
    /// Finds the slot for <paramref name="key"/>: its own slot in the neighbourhood, else a free or refilled one, else
    /// (every neighbour still draining) the one with the fewest tokens, which the newcomer then shares.
    /// </summary>
    private ref Slot Find(ulong key, long now)
    {
        var home = (int)(key % Slots);
        var reusable = -1;
        var emptiest = home;
        for (var i = 0; i < Probe; i++)
        {
            var index = (home + i) % Slots;
            ref var slot = ref _slots[index];
            if (slot.Key == key && slot.LastRefill != 0)
            {
                return ref slot;
            }

            if (reusable < 0 && (slot.LastRefill == 0 || now - slot.LastRefill >= _refillTicks))
            {
                reusable = index;
            }

            if (slot.Tokens < _slots[emptiest].Tokens)
            {
                emptiest = index;
            }
        }

        if (reusable >= 0)
        {
            // A fresh bucket (LastRefill 0 means full) for the new owner.
            _slots[reusable] = new Slot { Key = key };
            return ref _slots[reusable];
        }

        // Every neighbour is draining: the newcomer shares the emptiest bucket (most likely a flood's, whose port
        // rotation is then throttled with it), and the key stays its owner's.
        return ref _slots[emptiest];
    }

    private static ulong Key(ReadOnlySpan<byte> address)
    {
        var low = new HashCode();
        var high = new HashCode();
        low.Add(s_seed);
        high.Add(~s_seed);
        low.AddBytes(address);
        high.AddBytes(address);
        return ((ulong)(uint)high.ToHashCode() << 32) | (uint)low.ToHashCode();
    }

    private struct Slot
    {
        public ulong Key;
        public double Tokens;
        public long LastRefill;
    }
}
