using System.Collections.Concurrent;
using System.Net;

namespace Netwright.Servers.Internal;

/// <summary>
/// Applies <see cref="AccessControlOptions"/> to accepted connections: the address lists, the open-connection cap and
/// the connection rate per address. Tracks only addresses that hold connections or recently opened some, so the
/// table stays bounded by the open connections plus one entry per recent address (pruned past <see cref="PruneAbove"/>).
/// </summary>
internal sealed class AddressGate(AccessControlOptions options, TimeProvider time)
{
    public const int PruneAbove = 4096;

    private readonly ConcurrentDictionary<IPAddress, State> _addresses = new();

    /// <summary>Decides on a new connection from <paramref name="remote"/>; on admission its address is counted (release it with <see cref="Release"/>).</summary>
    /// <returns>Null to admit, or the reason (a metric tag) and a sentence for the log.</returns>
    public (string Reason, string Detail)? TryAdmit(EndPoint? remote, out IPAddress? admitted)
    {
        admitted = null;
        if (!options.IsActive || remote is not IPEndPoint { Address: var raw })
        {
            return null;
        }

        var address = AccessControlOptions.Normalize(raw);
        if (!options.IsAllowed(address))
        {
            return ("denied", "the address is not allowed");
        }

        if (options.MaxConnectionsPerAddress is null && options.MaxConnectionRatePerAddress is null)
        {
            return null;
        }

        var now = time.GetTimestamp();
        if (_addresses.Count > PruneAbove)
        {
            Prune(now);
        }

        var state = _addresses.GetOrAdd(address, static _ => new State());
        lock (state)
        {
            if (options.MaxConnectionRatePerAddress is { } rate)
            {
                // Token bucket: refills at `rate` per second, holds at most one second's worth (at least one token).
                var capacity = Math.Max(1, rate);
                state.Tokens = state.LastRefill == 0
                    ? capacity
                    : Math.Min(capacity, state.Tokens + (time.GetElapsedTime(state.LastRefill, now).TotalSeconds * rate));
                state.LastRefill = now;
                if (state.Tokens < 1)
                {
                    return ("rate", $"more than {rate:0.##} connections per second from this address");
                }
            }

            if (options.MaxConnectionsPerAddress is { } cap && state.Open >= cap)
            {
                return ("per_address", $"{cap} connections from this address are open");
            }

            state.Tokens -= 1;
            state.Open++;
        }

        admitted = address;
        return null;
    }

    /// <summary>Counts a connection admitted by <see cref="TryAdmit"/> as closed.</summary>
    public void Release(IPAddress address)
    {
        if (_addresses.TryGetValue(address, out var state))
        {
            lock (state)
            {
                state.Open--;
            }
        }
    }

    /// <summary>Decides on a datagram: only the address lists apply.</summary>
    public bool AllowsDatagramFrom(EndPoint? remote) =>
        remote is not IPEndPoint { Address: var address } || options.IsAllowed(AccessControlOptions.Normalize(address));

    private void Prune(long now)
    {
        foreach (var (address, state) in _addresses)
        {
            lock (state)
            {
                // An address with nothing open whose bucket has refilled holds no information worth keeping.
                var refilled = options.MaxConnectionRatePerAddress is not { } rate
                    || time.GetElapsedTime(state.LastRefill, now).TotalSeconds * rate >= Math.Max(1, rate);
                if (state.Open == 0 && refilled)
                {
                    _addresses.TryRemove(address, out _);
                }
            }
        }
    }

    private sealed class State
    {
        public int Open;
        public double Tokens;
        public long LastRefill;
    }
}
