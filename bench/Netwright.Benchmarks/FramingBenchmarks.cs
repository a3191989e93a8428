using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using Netwright.Framing;

namespace Netwright.Benchmarks;

/// <summary>
/// Per-message cost of the framers over a buffer of 1024 messages of 64 bytes each (newline or prefix
/// included). With <c>OperationsPerInvoke</c>, the reported mean is per message: 64 bytes / mean in ns
/// gives GB/s.
/// </summary>
[MemoryDiagnoser]
public class FramingBenchmarks
{
    private const int MessageCount = 1024;
    private const int MessageSize = 64;

    // Not a multiple of 64, so some messages straddle two segments, as they do in a pipe.
    private const int SegmentSize = 4000;

    private readonly LineFramer _lineFramer = new();
    private readonly LengthPrefixFramer _lengthFramer = new();
    private readonly ArrayBufferWriter<byte> _output = new(MessageCount * MessageSize * 2);
    private ReadOnlySequence<byte> _lines;
    private ReadOnlySequence<byte> _linesSegmented;
    private ReadOnlySequence<byte> _prefixed;
    private ReadOnlySequence<byte> _prefixedSegmented;
    private string _lineText = string.Empty;
    private ReadOnlyMemory<byte> _payload;

    [GlobalSetup]
    public void Setup()
    {
        _lineText = new string('x', MessageSize - 1);
        var lines = new StringBuilder();
        for (int i = 0; i < MessageCount; i++)
        {
            lines.Append(_lineText).Append('\n');
        }

        byte[] lineBytes = Encoding.ASCII.GetBytes(lines.ToString());
        _lines = new ReadOnlySequence<byte>(lineBytes);
        _linesSegmented = BenchSequences.Segmented(lineBytes, SegmentSize);

        _payload = new byte[MessageSize - _lengthFramer.LengthPrefixSize];
        var framed = new ArrayBufferWriter<byte>();
        for (int i = 0; i < MessageCount; i++)
        {
            _lengthFramer.WriteMessage(_payload, framed);
        }

        byte[] prefixedBytes = framed.WrittenSpan.ToArray();
        _prefixed = new ReadOnlySequence<byte>(prefixedBytes);
        _prefixedSegmented = BenchSequences.Segmented(prefixedBytes, SegmentSize);
    }

    [Benchmark(OperationsPerInvoke = MessageCount)]
    public long LineTryReadLineSingleSegment() => ReadLines(_lines);

    [Benchmark(OperationsPerInvoke = MessageCount)]
    public long LineTryReadLineMultiSegment() => ReadLines(_linesSegmented);

    [Benchmark(OperationsPerInvoke = MessageCount)]
    public long LineTryParseMessageSingleSegment() => Parse(_lineFramer, _lines);

    [Benchmark(OperationsPerInvoke = MessageCount)]
    public long LineTryParseMessageMultiSegment() => Parse(_lineFramer, _linesSegmented);

    [Benchmark(OperationsPerInvoke = MessageCount)]
    public long LengthPrefixTryParseMessageSingleSegment() => Parse(_lengthFramer, _prefixed);

    [Benchmark(OperationsPerInvoke = MessageCount)]
    public long LengthPrefixTryParseMessageMultiSegment() => Parse(_lengthFramer, _prefixedSegmented);

    [Benchmark(OperationsPerInvoke = MessageCount)]
    public int LineTextWriteLine()
    {
        _output.ResetWrittenCount();
        for (int i = 0; i < MessageCount; i++)
        {
            LineText.WriteLine(_output, _lineText);
        }

        return _output.WrittenCount;
    }

    [Benchmark(OperationsPerInvoke = MessageCount)]
    public int LengthPrefixWriteMessage()
    {
        _output.ResetWrittenCount();
        for (int i = 0; i < MessageCount; i++)
        {
            _lengthFramer.WriteMessage(_payload, _output);
        }

        return _output.WrittenCount;
    }

    private long ReadLines(ReadOnlySequence<byte> buffer)
    {
        long total = 0;
        while (_lineFramer.TryReadLine(ref buffer, out ReadOnlySequence<byte> line) == LineReadStatus.Line)
        {
            total += line.Length;
        }

        return total;
    }

    private static long Parse(IMessageReader<ReadOnlySequence<byte>> reader, ReadOnlySequence<byte> buffer)
    {
        long total = 0;
        while (true)
        {
            SequencePosition consumed = buffer.Start;
            SequencePosition examined = buffer.End;
            if (!reader.TryParseMessage(buffer, ref consumed, ref examined, out ReadOnlySequence<byte> message))
            {
                return total;
            }

            total += message.Length;
            buffer = buffer.Slice(consumed);
        }
    }
}
