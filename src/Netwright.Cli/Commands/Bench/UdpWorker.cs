using System.Buffers.Binary;
using System.Net.Sockets;

namespace Netwright.Cli.Commands.Bench;

/// <summary>
/// Sends one datagram at a time and waits for its echo up to the reply timeout. Each datagram starts with
/// an 8-byte sequence number, so a reply that arrives after its timeout is recognised as late instead of
/// being taken for the current one.
/// </summary>
internal sealed class UdpWorker : BenchWorker
{
    /// <summary>The smallest datagram: the sequence number.</summary>
    public const int HeaderSize = 8;

    private readonly int _size;
    private readonly int _streamStart;
    private readonly TimeSpan _replyTimeout;
    private readonly byte[] _sendBuffer;
    private readonly byte[] _receiveBuffer;
    private long _firstMeasuredSequence = -1;
    private long _lastMeasuredSequence = -2;

    public UdpWorker(int id, Socket socket, RunControl run, BenchErrors errors, int size, TimeSpan replyTimeout)
        : base(id, socket, run, errors)
    {
        _size = size;
        _replyTimeout = replyTimeout;
        _streamStart = PayloadPattern.StreamStart(id);
        _sendBuffer = GC.AllocateUninitializedArray<byte>(size, pinned: true);
        _receiveBuffer = GC.AllocateUninitializedArray<byte>(size + 1, pinned: true);
    }

    /// <summary>Gets the datagrams sent while measuring.</summary>
    public long Sent { get; private set; }

    /// <summary>Gets the measured datagrams whose reply arrived in time.</summary>
    public long Received => MeasuredExchanges;

    /// <summary>Gets the measured datagrams whose reply arrived after its timeout.</summary>
    public long Late { get; private set; }

    /// <summary>Gets whether any reply arrived at all, on time or late, warm-up included.</summary>
    public bool AnyReply { get; private set; }

    /// <inheritdoc/>
    public override bool IsOverdue(long now, long timeoutTicks) => false;

    protected override async Task RunCoreAsync()
    {
        var socket = Socket;
        var timeout = new CancellationTokenSource();
        try
        {
            for (long sequence = 0; !Run.IsStopping; sequence++)
            {
                var payload = FillDatagram(sequence);
                var started = Now();
                BeginOperation(started);
                await socket.SendAsync(payload, SocketFlags.None).ConfigureAwait(false);
                var measured = Run.IsMeasuring(started);
                if (measured)
                {
                    Sent++;
                    if (_firstMeasuredSequence < 0)
                    {
                        _firstMeasuredSequence = sequence;
                    }

                    _lastMeasuredSequence = sequence;
                }

                timeout.CancelAfter(_replyTimeout);
                var outcome = await AwaitReplyAsync(sequence, timeout.Token).ConfigureAwait(false);
                EndOperation();
                if (!timeout.TryReset())
                {
                    timeout.Dispose();
                    timeout = new CancellationTokenSource();
                }

                if (outcome == ReplyOutcome.Failed)
                {
                    return;
                }

                AddProgress(1);
                if (outcome == ReplyOutcome.OnTime && measured)
                {
                    MeasuredExchanges++;
                    MeasuredBytes += _size;
                    Latency.Record(RunControl.ToNanoseconds(Now() - started));
                }
            }
        }
        finally
        {
            timeout.Dispose();
        }
    }

    private ReadOnlyMemory<byte> FillDatagram(long sequence)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_sendBuffer, sequence);
        PayloadPattern.Slice(_streamStart, sequence * _size, _size - HeaderSize).Span.CopyTo(_sendBuffer.AsSpan(HeaderSize));
        return _sendBuffer;
    }

    private async ValueTask<ReplyOutcome> AwaitReplyAsync(long sequence, CancellationToken timeout)
    {
        while (true)
        {
            int count;
            try
            {
                count = await Socket.ReceiveAsync(_receiveBuffer.AsMemory(), SocketFlags.None, timeout).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                return ReplyOutcome.TimedOut;
            }

            AnyReply = true;
            var replySequence = count >= HeaderSize ? BinaryPrimitives.ReadInt64LittleEndian(_receiveBuffer) : -1;
            if (count != _size || replySequence < 0 || replySequence > sequence)
            {
                Fail(BenchErrorKind.Mismatch, FormattableString.Invariant(
                    $"datagram {sequence}: reply of {count} bytes with sequence {replySequence} does not match what was sent ({_size} bytes)"));
                return ReplyOutcome.Failed;
            }

            var expected = PayloadPattern.Slice(_streamStart, replySequence * _size, _size - HeaderSize).Span;
            if (!Verify(expected, _receiveBuffer.AsSpan(HeaderSize, _size - HeaderSize), (replySequence * _size) + HeaderSize))
            {
                return ReplyOutcome.Failed;
            }

            if (replySequence == sequence)
            {
                return ReplyOutcome.OnTime;
            }

            if (replySequence >= _firstMeasuredSequence && replySequence <= _lastMeasuredSequence)
            {
                Late++;
            }
        }
    }

    private enum ReplyOutcome
    {
        OnTime,
        TimedOut,
        Failed,
    }
}
