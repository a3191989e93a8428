using Netwright.Applications;
using Netwright.Transport;

namespace Netwright.Servers;

/// <summary>Limits and timeouts for a <see cref="NetServer"/>, with documented defaults.</summary>
/// <remarks>The settings applications read (line limits, socket settings) come from <see cref="ApplicationOptions"/>.</remarks>
public sealed class NetServerOptions : ApplicationOptions
{
    /// <summary>Gets or sets the most connections open at once across all listeners; more are accepted and closed at once, with a Warning. Default: 10,000.</summary>
    public int MaxConnections { get; set; } = 10_000;

    /// <summary>
    /// Gets or sets how long a connection may go without sending or receiving a byte before it is closed; null for
    /// never. A transfer that is making progress is never idle. Default: 5 minutes (a chat server's PINGs and a
    /// file transfer's bytes keep their connections alive; a peer that holds a socket and says nothing does not).
    /// </summary>
    public TimeSpan? IdleTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Gets or sets how long the peer may take no bytes at all while replies are waiting for it before the connection
    /// is dropped; null for never. A peer that reads slowly but steadily is not cut (the sockets engine sees progress
    /// per send of at most 64 KiB, the epoll engine per system call). Default: 60 seconds.
    /// </summary>
    public TimeSpan? WriteTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets or sets how long a graceful stop waits for open connections before aborting them. Default: 5 seconds.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets who may connect and how much (address lists, per-address caps). Default: everyone, no caps.</summary>
    public AccessControlOptions AccessControl { get; set; } = new();

    /// <summary>Gets or sets a callback run when a connection opens (before its handler), for example to log it. Must not throw or block.</summary>
    public Action<Connection>? ConnectionOpened { get; set; }

    /// <summary>Gets or sets a callback run after a connection closed. Must not throw or block.</summary>
    public Action<Connection>? ConnectionClosed { get; set; }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConnections, 1, nameof(MaxConnections));
        ArgumentOutOfRangeException.ThrowIfLessThan(ShutdownTimeout, TimeSpan.Zero, nameof(ShutdownTimeout));
        if (IdleTimeout is { } idle)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(idle, TimeSpan.Zero, nameof(IdleTimeout));
        }

        if (WriteTimeout is { } write)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(write, TimeSpan.Zero, nameof(WriteTimeout));
        }

        ValidateApplicationSettings();
        ArgumentNullException.ThrowIfNull(AccessControl);
        AccessControl.Validate();
    }
}
