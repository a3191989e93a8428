using Netwright.Testing;

namespace Netwright.Cli.Tests;

public sealed class SignalsTests
{
    [Fact]
    public void TheFirstSignalCancelsTheTokenAndStopsGracefully()
    {
        using var signals = new Signals(new TestTimeProvider());

        Assert.True(signals.Handle());
        Assert.True(signals.Token.IsCancellationRequested);
    }

    [Fact]
    public void ARepeatWithinTheWindowIsTheSameSignalDeliveredTwice()
    {
        var clock = new TestTimeProvider();
        using var signals = new Signals(clock);
        signals.Handle();

        clock.Advance(Signals.RepeatWindow - TimeSpan.FromMilliseconds(1));

        Assert.True(signals.Handle());
    }

    [Fact]
    public void ASecondSignalAfterTheWindowEndsTheProcess()
    {
        var clock = new TestTimeProvider();
        using var signals = new Signals(clock);
        signals.Handle();

        clock.Advance(Signals.RepeatWindow);

        Assert.False(signals.Handle());
    }
}
