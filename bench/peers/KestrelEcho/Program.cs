using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;

using KestrelEcho;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// Kestrel with default options and a raw connection handler: the echo server an ASP.NET Core user
// would write. Usage: KestrelEcho [--tls CERT.pem KEY.pem] HOST PORT (IPv4 or IPv6 literal; port 0
// picks a free port). With --tls, Kestrel's own TLS (UseHttps with default options) runs before the handler.
X509Certificate2? certificate = null;
if (args.Length == 5 && args[0] == "--tls")
{
    certificate = X509Certificate2.CreateFromPemFile(args[1], args[2]);
    args = args[3..];
}

if (args.Length != 2
    || !IPAddress.TryParse(args[0], out var address)
    || !int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out var port)
    || port > IPEndPoint.MaxPort)
{
    await Console.Error.WriteLineAsync("usage: KestrelEcho [--tls CERT.pem KEY.pem] HOST PORT (HOST an IP literal, PORT 0-65535)");
    return 2;
}

var builder = WebApplication.CreateSlimBuilder();

// stdout carries only the "listening" line the benchmark script reads.
builder.Logging.ClearProviders();

ListenOptions? listen = null;
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(address, port, options =>
{
    if (certificate is not null)
    {
        options.UseHttps(certificate);
    }

    options.UseConnectionHandler<EchoHandler>();
    listen = options;
}));

await using var app = builder.Build();
await app.StartAsync();

// Kestrel writes the bound endpoint back into the listen options, so port 0 resolves here.
var bound = listen?.IPEndPoint ?? throw new InvalidOperationException("Kestrel did not bind the endpoint.");
Console.WriteLine($"listening {args[0]}:{bound.Port.ToString(CultureInfo.InvariantCulture)}");
Console.Out.Flush();

// The host's console lifetime stops the application on SIGINT and SIGTERM.
await app.WaitForShutdownAsync();
return 0;
