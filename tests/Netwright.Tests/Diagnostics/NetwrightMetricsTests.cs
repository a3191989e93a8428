using System.Diagnostics;
using Netwright.Diagnostics;
using Netwright.Errors;
using Netwright.Tests.Support;

namespace Netwright.Tests.Diagnostics;

public sealed class NetwrightMetricsTests : IDisposable
{
    private readonly TestMeterFactory _factory = new();
    private readonly MetricRecorder _recorder;
    private readonly NetwrightMetrics _metrics;
    private readonly TagList _tags = new() { { "network.transport", "tcp" }, { "server.address", "127.0.0.1" }, { "server.port", 7007 } };

    public NetwrightMetricsTests()
    {
        _recorder = new MetricRecorder(_factory);
        _metrics = new NetwrightMetrics(_factory);
    }

    public void Dispose()
    {
        _recorder.Dispose();
        _metrics.Dispose();
        _factory.Dispose();
    }

    [Fact]
    public void OpenAndCloseMoveTheActiveCountWithTheSameTags()
    {
        _metrics.ConnectionOpened(_tags);
        _metrics.ConnectionClosed(_tags, TimeSpan.FromMilliseconds(1500), bytesIn: 10, bytesOut: 20);

        var active = _recorder.Of("netwright.active_connections");
        Assert.Equal([1.0, -1.0], active.Select(m => m.Value));
        Assert.Equal(active[0].Tags, active[1].Tags);
        Assert.Equal("tcp", active[0].Tags["network.transport"]);
        Assert.Equal(7007, active[0].Tags["server.port"]);
        Assert.Equal(1.0, Assert.Single(_recorder.Of("netwright.accepted_connections")).Value);
        Assert.Equal(1.5, Assert.Single(_recorder.Of("netwright.connection.duration")).Value);
    }

    [Fact]
    public void BytesAreCountedPerDirection()
    {
        _metrics.ConnectionOpened(_tags);
        _metrics.ConnectionClosed(_tags, TimeSpan.Zero, bytesIn: 10, bytesOut: 20);

        var bytes = _recorder.Of("netwright.io").ToDictionary(m => (string)m.Tags["network.io.direction"]!, m => m.Value);
        Assert.Equal(10, bytes["receive"]);
        Assert.Equal(20, bytes["transmit"]);
    }

    [Fact]
    public void DatagramsCountOneAndTheirBytes()
    {
        _metrics.Datagram(_tags, "receive", 42);

        var datagram = Assert.Single(_recorder.Of("netwright.datagrams"));
        Assert.Equal(1, datagram.Value);
        Assert.Equal("receive", datagram.Tags["network.io.direction"]);
        Assert.Equal(42, Assert.Single(_recorder.Of("netwright.io")).Value);
    }

    [Fact]
    public void RejectionsAndErrorsAreCountedWithTheErrorType()
    {
        _metrics.Rejected(_tags, "denied");
        _metrics.Error(_tags, new ConnectionResetException("gone"));

        var rejected = Assert.Single(_recorder.Of("netwright.rejected_connections"));
        Assert.Equal(1, rejected.Value);
        Assert.Equal("denied", rejected.Tags["netwright.rejection.reason"]);
        var error = Assert.Single(_recorder.Of("netwright.errors"));
        Assert.Equal("ConnectionResetException", error.Tags["error.type"]);
        Assert.Equal("tcp", error.Tags["network.transport"]);
    }

    [Fact]
    public void MeterHasTheDocumentedName()
    {
        Assert.Equal("Netwright", NetwrightMetrics.MeterName);
    }
}
