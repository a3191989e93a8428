namespace Netwright.Hosting;

/// <summary>The <c>"Timeouts"</c> of the <c>"Netwright"</c> section, written <c>"hh:mm:ss"</c>.</summary>
public sealed class TimeoutOptions
{
    /// <summary>Gets or sets how long a connection may stay silent both ways before it is closed; null for never. Default: null.</summary>
    public TimeSpan? Idle { get; set; }

    /// <summary>
    /// Gets or sets how long a graceful stop waits for open connections before aborting them. Default: 5 seconds.
    /// Under a host the host's own shutdown timeout also bounds the wait: the shorter one wins.
    /// </summary>
    public TimeSpan Shutdown { get; set; } = TimeSpan.FromSeconds(5);
}
