using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Netwright.Errors;
using Netwright.Protocols;
using Netwright.Transport;

namespace Netwright.Clients;

/// <summary>
/// Keeps an event-style client connected, like Twisted's <c>ReconnectingClientFactory</c>: a new protocol
/// for each connection, and after a failure or a lost connection a wait that grows by
/// <see cref="ReconnectOptions.Factor"/> up to <see cref="ReconnectOptions.MaxDelay"/> (with jitter),
/// reset once a connection succeeds.
/// </summary>
public sealed partial class ReconnectingClient
{
    private readonly NetEndPoint _endpoint;
    private readonly Func<Protocol> _createProtocol;
    private readonly ReconnectOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Random _random;

    /// <summary>Creates the client; nothing connects until <see cref="RunAsync"/>.</summary>
    /// <param name="endPoint">The server.</param>
    /// <param name="createProtocol">Makes the protocol for each connection.</param>
    /// <param name="options">Back-off settings; null for the defaults.</param>
    /// <param name="timeProvider">The clock for waits; null for the system clock.</param>
    /// <param name="logger">Where attempts are logged; null for nowhere.</param>
    /// <param name="random">The jitter source; null for a shared one.</param>
    public ReconnectingClient(NetEndPoint endPoint, Func<Protocol> createProtocol, ReconnectOptions? options = null, TimeProvider? timeProvider = null, ILogger? logger = null, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        ArgumentNullException.ThrowIfNull(createProtocol);
        _endpoint = endPoint;
        _createProtocol = createProtocol;
        _options = options ?? new ReconnectOptions();
        _options.Validate();
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _random = random ?? Random.Shared;
    }

    /// <summary>Gets how many connections were made so far.</summary>
    public int Connections { get; private set; }

    /// <summary>Gets the current wait before the next attempt.</summary>
    public TimeSpan CurrentDelay { get; private set; }

    /// <summary>Connects, and reconnects after every loss or failure, until cancelled or out of retries.</summary>
    /// <param name="cancellationToken">Stops reconnecting; a connection already up is left to end by itself.</param>
    /// <returns>A task that completes when cancelled, or faults with the last failure once <see cref="ReconnectOptions.MaxRetries"/> is used up.</returns>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        CurrentDelay = _options.InitialDelay;
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var connection = await ProtocolConnector.ConnectAsync(_endpoint, _createProtocol(), _options.ConnectTimeout, cancellationToken: cancellationToken).ConfigureAwait(false);
                Connections++;
                failures = 0;
                CurrentDelay = _options.InitialDelay;
                Log.Connected(_logger, _endpoint.ToString());
                await connection.Completion.ConfigureAwait(false);
                Log.Lost(_logger, _endpoint.ToString());
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (NetwrightException ex)
            {
                failures++;
                Log.Failed(_logger, _endpoint.ToString(), ex.Message, failures);
                if (failures > _options.MaxRetries)
                {
                    throw;
                }
            }

            var wait = Jittered(CurrentDelay);
            CurrentDelay = TimeSpan.FromTicks((long)Math.Min(CurrentDelay.Ticks * _options.Factor, _options.MaxDelay.Ticks));
            try
            {
                await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private TimeSpan Jittered(TimeSpan delay)
    {
        var spread = delay.Ticks * _options.Jitter;
        var ticks = delay.Ticks + ((_random.NextDouble() * 2) - 1) * spread;
        return TimeSpan.FromTicks((long)Math.Clamp(ticks, 0, _options.MaxDelay.Ticks));
    }

    private static partial class Log
    {
        [LoggerMessage(101, LogLevel.Information, "Connected to {EndPoint}", EventName = "ClientConnected")]
        public static partial void Connected(ILogger logger, string endPoint);

        [LoggerMessage(102, LogLevel.Information, "Connection to {EndPoint} lost; reconnecting", EventName = "ClientConnectionLost")]
        public static partial void Lost(ILogger logger, string endPoint);

        [LoggerMessage(103, LogLevel.Warning, "Connecting to {EndPoint} failed ({Reason}), attempt {Failures}", EventName = "ClientConnectFailed")]
        public static partial void Failed(ILogger logger, string endPoint, string reason, int failures);
    }
}
