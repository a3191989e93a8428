using System.Buffers;
using Netwright.Applications;
using Netwright.Protocols;
using Netwright.Servers;

namespace Netwright.Tests.Support;

/// <summary>
/// Drives a protocol's internal delivery hooks the way the runner does, but synchronously and with exact
/// control over how the bytes are cut: unconsumed bytes stay buffered as separate segments, so lines and
/// messages also cross segment boundaries.
/// </summary>
internal sealed class ProtocolFeeder
{
    private readonly Protocol _protocol;
    private List<byte[]> _pending = [];

    public ProtocolFeeder(Protocol protocol, ServerContext? server = null)
    {
        _protocol = protocol;
        protocol.Attach(Transport, server);
        protocol.OnConnected();
    }

    public RecordingTransport Transport { get; } = new();

    public long Buffered => _pending.Sum(p => (long)p.Length);

    public void Feed(byte[] chunk)
    {
        if (Transport.IsClosing)
        {
            return;
        }

        _pending.Add(chunk);
        var buffer = Build();
        Keep(buffer, _protocol.Deliver(buffer));
    }

    public void FeedAll(IEnumerable<byte[]> chunks)
    {
        foreach (var chunk in chunks)
        {
            Feed(chunk);
        }
    }

    /// <summary>Reports that the buffered bytes waited the stall delay with nothing new arriving.</summary>
    public void Stall()
    {
        var buffer = Build();
        if (!Transport.IsClosing && !buffer.IsEmpty)
        {
            Keep(buffer, _protocol.DeliverStalled(buffer));
        }
    }

    /// <summary>Reports the end of the stream, as the runner does before OnConnectionLost.</summary>
    public void End()
    {
        var buffer = Build();
        if (!Transport.IsClosing && !buffer.IsEmpty)
        {
            _protocol.DeliverEndOfStream(buffer);
        }

        _pending = [];
        _protocol.OnConnectionLost(null);
    }

    private void Keep(ReadOnlySequence<byte> buffer, SequencePosition consumed)
    {
        var rest = new List<byte[]>();
        foreach (var segment in buffer.Slice(consumed))
        {
            if (!segment.IsEmpty)
            {
                rest.Add(segment.ToArray());
            }
        }

        _pending = rest;
    }

    private ReadOnlySequence<byte> Build()
    {
        if (_pending.Count == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        Segment first = new(_pending[0], null);
        var last = first;
        foreach (var chunk in _pending.Skip(1))
        {
            last = new Segment(chunk, last);
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] data, Segment? previous)
        {
            Memory = data;
            if (previous is not null)
            {
                RunningIndex = previous.RunningIndex + previous.Memory.Length;
                previous.Next = this;
            }
        }
    }
}
