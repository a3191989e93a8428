using BenchmarkDotNet.Attributes;
using Netwright.Services.Timestamp;

namespace Netwright.Benchmarks;

/// <summary>Cost of formatting one timestamp in the ctime layout.</summary>
[MemoryDiagnoser]
public class CTimeBenchmarks
{
    private readonly DateTime _value = new(2018, 6, 4, 11, 20, 46, DateTimeKind.Local);
    private readonly byte[] _bytes = new byte[CTime.Length];
    private readonly char[] _chars = new char[CTime.Length];

    [Benchmark]
    public int TryFormatUtf8()
    {
        CTime.TryFormatUtf8(_value, _bytes, out int written);
        return written;
    }

    [Benchmark]
    public int TryFormat()
    {
        CTime.TryFormat(_value, _chars, out int written);
        return written;
    }

    [Benchmark]
    public string Format() => CTime.Format(_value);
}
