namespace Netwright.Servers.Internal;

/// <summary>Where a <see cref="NetServer"/> is in its life; it only ever moves forward.</summary>
internal enum ServerState
{
    /// <summary>Created; endpoints may still be added.</summary>
    New,

    /// <summary>Bound and serving.</summary>
    Started,

    /// <summary>A stop is under way: unbound, waiting for connections.</summary>
    Stopping,

    /// <summary>Everything is released (or starting failed).</summary>
    Stopped,
}
