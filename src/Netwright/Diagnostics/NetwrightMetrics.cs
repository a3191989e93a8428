using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Netwright.Diagnostics;

/// <summary>
/// Netwright's instruments, on the meter named <see cref="MeterName"/> (after KestrelMetrics). Tags use
/// OpenTelemetry names: <c>network.transport</c>, <c>server.address</c>, <c>server.port</c>, <c>error.type</c>.
/// </summary>
/// <remarks>
/// Listen with <c>dotnet-counters monitor --counters Netwright</c>, OpenTelemetry, or a
/// <see cref="MeterListener"/>. Every increment and its decrement carry the same tags.
/// </remarks>
public sealed class NetwrightMetrics : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Netwright";

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly UpDownCounter<long> _activeConnections;
    private readonly Counter<long> _connections;
    private readonly Histogram<double> _connectionDuration;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _bytes;
    private readonly Counter<long> _datagrams;
    private readonly Counter<long> _errors;
    private readonly Histogram<long> _chatMessageSize;
    private readonly Histogram<long> _fileTransferSize;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>, or on a meter of its own.</summary>
    /// <param name="meterFactory">The host's factory (dependency injection); null creates an unshared meter.</param>
    public NetwrightMetrics(IMeterFactory? meterFactory = null)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _activeConnections = _meter.CreateUpDownCounter<long>("netwright.active_connections", "{connection}", "Connections open now (kestrel.active_connections).");
        _connections = _meter.CreateCounter<long>("netwright.accepted_connections", "{connection}", "Connections accepted since start.");
        _connectionDuration = _meter.CreateHistogram<double>("netwright.connection.duration", "s", "How long connections stayed open (kestrel.connection.duration).");
        _rejected = _meter.CreateCounter<long>("netwright.rejected_connections", "{connection}", "Connections refused (by the connection limit or access control), tagged by netwright.rejection.reason (kestrel.rejected_connections).");
        _bytes = _meter.CreateCounter<long>("netwright.io", "By", "Bytes moved, tagged by network.io.direction (a connection's bytes are added when it closes, a datagram's when it arrives).");
        _datagrams = _meter.CreateCounter<long>("netwright.datagrams", "{datagram}", "Datagrams moved, tagged by direction.");
        _errors = _meter.CreateCounter<long>("netwright.errors", "{error}", "Connections and datagrams that ended in an error, tagged by error.type.");
        _chatMessageSize = _meter.CreateHistogram<long>("netwright.chat.message.size", "By", "Sizes of chat messages (to rooms and to users), in UTF-8 bytes of their text.");
        _fileTransferSize = _meter.CreateHistogram<long>("netwright.files.transfer.size", "By", "Bytes moved by each completed file transfer, tagged by netwright.files.direction (upload, download).");
    }

    internal void ConnectionOpened(in TagList tags)
    {
        _connections.Add(1, tags);
        _activeConnections.Add(1, tags);
    }

    internal void ConnectionClosed(in TagList tags, TimeSpan duration, long bytesIn, long bytesOut)
    {
        _activeConnections.Add(-1, tags);
        if (_connectionDuration.Enabled)
        {
            _connectionDuration.Record(duration.TotalSeconds, tags);
        }

        AddBytes(tags, bytesIn, bytesOut);
    }

    internal void AddBytes(in TagList tags, long bytesIn, long bytesOut)
    {
        if (!_bytes.Enabled)
        {
            return;
        }

        var received = tags;
        received.Add("network.io.direction", "receive");
        _bytes.Add(bytesIn, received);
        var sent = tags;
        sent.Add("network.io.direction", "transmit");
        _bytes.Add(bytesOut, sent);
    }

    internal void Datagram(in TagList tags, string direction, int bytes)
    {
        if (!_datagrams.Enabled && !_bytes.Enabled)
        {
            return;
        }

        var tagged = tags;
        tagged.Add("network.io.direction", direction);
        _datagrams.Add(1, tagged);
        _bytes.Add(bytes, tagged);
    }

    internal void Rejected(in TagList tags, string reason)
    {
        if (_rejected.Enabled)
        {
            var tagged = tags;
            tagged.Add("netwright.rejection.reason", reason);
            _rejected.Add(1, tagged);
        }
    }

    internal void Error(in TagList tags, Exception error)
    {
        if (!_errors.Enabled)
        {
            return;
        }

        var tagged = tags;
        tagged.Add("error.type", error.GetType().Name);
        _errors.Add(1, tagged);
    }

    internal void ChatMessage(int bytes)
    {
        if (_chatMessageSize.Enabled)
        {
            _chatMessageSize.Record(bytes);
        }
    }

    internal void FileTransfer(long bytes, string direction)
    {
        if (_fileTransferSize.Enabled)
        {
            _fileTransferSize.Record(bytes, new KeyValuePair<string, object?>("netwright.files.direction", direction));
        }
    }

    /// <summary>Disposes the meter when it is not the host's.</summary>
    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
