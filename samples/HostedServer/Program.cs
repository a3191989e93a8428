using HostedServer;

// dotnet run --project samples/HostedServer   (then: netwright connect 127.0.0.1:1717, type FORTUNE)
await FortuneHost.CreateBuilder(args).Build().RunAsync();
