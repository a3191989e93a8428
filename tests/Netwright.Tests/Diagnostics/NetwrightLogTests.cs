using Microsoft.Extensions.Logging;
using Netwright.Diagnostics;
using Netwright.Testing;

namespace Netwright.Tests.Diagnostics;

public sealed class NetwrightLogTests
{
    private readonly RecordingLoggerFactory _logs = new();

    [Fact]
    public void HandlerFailureIsAnErrorWithTheExceptionAndAStableEventId()
    {
        var logger = _logs.CreateLogger("Netwright.Servers.NetServer");
        var error = new InvalidOperationException("bug");

        NetwrightLog.HandlerFailed(logger, error, "c7");

        var entry = Assert.Single(_logs.Entries);
        Assert.Equal(LogLevel.Error, entry.Level);
        Assert.Equal(new EventId(7, "HandlerFailed"), entry.EventId);
        Assert.Equal("Handler for connection c7 failed", entry.Message);
        Assert.Same(error, entry.Exception);
    }

    [Fact]
    public void ConnectionScopeTagsEveryEntryInside()
    {
        var logger = _logs.CreateLogger("test");

        using (NetwrightLog.ConnectionScope(logger, "c9"))
        {
            NetwrightLog.BadInput(logger, "c9", "line too long");
        }

        NetwrightLog.ListenerStarted(logger, "tcp://127.0.0.1:7007");

        var entries = _logs.Entries;
        Assert.Equal(["ConnectionId:c9"], entries[0].Scopes);
        Assert.Equal(LogLevel.Warning, entries[0].Level);
        Assert.Empty(entries[1].Scopes);
        Assert.Equal(LogLevel.Information, entries[1].Level);
        Assert.Single(_logs.WithEvent("ListenerStarted"));
        Assert.Single(_logs.AtLeast(LogLevel.Warning));
    }
}
