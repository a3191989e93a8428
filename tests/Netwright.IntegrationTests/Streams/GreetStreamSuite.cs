using Netwright.IntegrationTests.Infrastructure;
using Netwright.Services;

namespace Netwright.IntegrationTests.Streams;

/// <summary>The greeting service over a stream transport, in both styles.</summary>
public abstract class GreetStreamSuite(StreamTransport transport) : StreamSuite(transport)
{
    [Theory]
    [InlineData(ServiceStyle.Handler)]
    [InlineData(ServiceStyle.Event)]
    public async Task GreetingIsSentExactlyThenTheServerCloses(ServiceStyle style)
    {
        var server = await CreateServerAsync(ServiceCatalog.Greet, style);
        await using var client = await ConnectAsync(server);

        var received = new MemoryStream();
        await client.Stream.CopyToAsync(received, Token).WaitAsync(Timeouts.Step);

        Assert.Equal("Thank you for connecting\r\n"u8.ToArray(), received.ToArray());
    }

    [Theory]
    [InlineData(ServiceStyle.Handler)]
    [InlineData(ServiceStyle.Event)]
    public async Task EveryConcurrentClientIsGreeted(ServiceStyle style)
    {
        var server = await CreateServerAsync(ServiceCatalog.Greet, style);

        async Task<string> GreetedAsync()
        {
            await using var client = await ConnectAsync(server);
            return await client.ReadToEndAsync();
        }

        var greetings = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(GreetedAsync))).WaitAsync(Timeouts.Step);

        Assert.All(greetings, g => Assert.Equal("Thank you for connecting\r\n", g));
    }
}
