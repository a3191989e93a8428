using System.Buffers;

namespace Netwright.Benchmarks;

/// <summary>Builds multi-segment sequences for the benchmarks, as a pipe with fixed-size blocks would hold them.</summary>
internal static class BenchSequences
{
    public static ReadOnlySequence<byte> Segmented(byte[] data, int segmentSize)
    {
        Segment? first = null;
        Segment? last = null;
        for (int offset = 0; offset < data.Length; offset += segmentSize)
        {
            var segment = new Segment(data.AsMemory(offset, Math.Min(segmentSize, data.Length - offset)), last);
            first ??= segment;
            last = segment;
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, Segment? previous)
        {
            Memory = memory;
            if (previous is not null)
            {
                RunningIndex = previous.RunningIndex + previous.Memory.Length;
                previous.Next = this;
            }
        }
    }
}
