namespace Netwright.Clients;

/// <summary>Back-off settings for <see cref="ReconnectingClient"/>; the defaults follow Twisted's <c>ReconnectingClientFactory</c>, with a shorter ceiling.</summary>
public sealed class ReconnectOptions
{
    /// <summary>Gets or sets the first wait before reconnecting. Default: 1 second.</summary>
    public TimeSpan InitialDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the longest wait between attempts. Default: 60 seconds.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets or sets how much each failed attempt multiplies the wait. Default: e (2.718…), as Twisted.</summary>
    public double Factor { get; set; } = Math.E;

    /// <summary>Gets or sets the random spread of each wait, as a fraction, so many clients do not retry in step. Default: 0.12.</summary>
    public double Jitter { get; set; } = 0.119626565582;

    /// <summary>Gets or sets how many attempts in a row may fail before giving up; null for no limit. Default: null.</summary>
    public int? MaxRetries { get; set; }

    /// <summary>Gets or sets the time limit of each connect. Default: 10 seconds.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(InitialDelay, TimeSpan.Zero, nameof(InitialDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDelay, InitialDelay, nameof(MaxDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(Factor, 1.0, nameof(Factor));
        ArgumentOutOfRangeException.ThrowIfNegative(Jitter, nameof(Jitter));
        if (MaxRetries is { } retries)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(retries, nameof(MaxRetries));
        }
    }
}
