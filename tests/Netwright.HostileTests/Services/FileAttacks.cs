using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Netwright.HostileTests.Infrastructure;

namespace Netwright.HostileTests.Services;

/// <summary>
/// Hostile peers against <c>serve files --root DIR</c>: broken framing, hostile names, slow and abandoned uploads.
/// Control messages are a 4-byte big-endian length and that many bytes of JSON (docs/protocols/files.md).
/// </summary>
internal static class FileAttacks
{
    public static ServiceProfile Profile { get; } = new("files", ServiceBehaviour.LineRequests, ConverseAsync, (_, _) => false);

    /// <summary>Gets or sets the folder the server under attack serves, to check that nothing lands where it must not.</summary>
    public static string Root { get; set; } = "";

    public static IEnumerable<HostileAttack> All =>
    [
        new("files-garbage-frames", "error 'protocol' (id 0), then a close", AttackTransport.Tcp, context =>
        {
            var garbage = new byte[4096];
            context.Random.NextBytes(garbage);
            garbage[0] = 0x7A; // a first length the server refuses, whatever the rest
            return BrokenFramingAsync(context, garbage);
        }),
        new("files-oversize-length-prefix", "error 'protocol' as soon as the prefix arrives, then a close", AttackTransport.Tcp,
            context => BrokenFramingAsync(context, [0x7F, 0xFF, 0xFF, 0xFF])),
        new("files-negative-length-prefix", "error 'protocol', then a close", AttackTransport.Tcp,
            context => BrokenFramingAsync(context, [0xFF, 0xFF, 0xFF, 0xFE])),
        new("files-zero-length-prefix", "error 'protocol', then a close", AttackTransport.Tcp,
            context => BrokenFramingAsync(context, [0, 0, 0, 0])),
        new("files-json-that-is-not-a-message", "error 'protocol', then a close", AttackTransport.Tcp,
            context => BrokenFramingAsync(context, Frame("[1,2,3]"))),
        new("files-hostile-names", "error 'bad-name' for each, nothing written outside the root, connection kept", AttackTransport.Tcp, HostileNamesAsync),
        new("files-slow-uploader-20", "kept while bytes keep coming; the name never appears before the upload is verified", AttackTransport.Tcp, SlowUploadersAsync),
        new("files-partial-upload-then-reset-200", "the partial bytes stay hidden (.nwpart, for a resume); the name never appears", AttackTransport.Tcp, PartialUploadsAsync),
        new("files-connect-then-reset-1000", "nothing to answer; the server forgets each at once", AttackTransport.Tcp,
            context => Attacks.ConnectionAttacks.LoopsAsync(context, 1000, client => client.Reset())),
    ];

    /// <summary>A well-behaved client: the handshake, then a STAT of a name that does not exist.</summary>
    public static async Task ConverseAsync(HostileClient client, string text, CancellationToken cancellationToken)
    {
        await HelloAsync(client, cancellationToken);
        await StatMissingAsync(client, text, cancellationToken);
    }

    /// <summary>A STAT of a name that does not exist gets <c>no-such-file</c>: the connection is in working order.</summary>
    private static async Task StatMissingAsync(HostileClient client, string text, CancellationToken cancellationToken)
    {
        await client.SendAsync(Frame($$"""{"op":"stat","id":1000,"name":"{{text}}"}"""), cancellationToken);
        var reply = await ReadFrameAsync(client, cancellationToken) ?? throw new InvalidDataException("closed instead of answering stat");
        if (Op(reply) != "error" || Code(reply) != "no-such-file")
        {
            throw new InvalidDataException($"stat of a missing name answered {reply.RootElement}");
        }
    }

    private static async Task BrokenFramingAsync(AttackContext context, byte[] bytes)
    {
        await using var client = await context.ConnectAsync();
        await client.SendAsync(bytes, context.Token);
        await context.HoldAsync();
        var reply = await ReadFrameAsync(client, context.Token) ?? throw new InvalidDataException("closed without an error message");
        if (Op(reply) != "error" || Code(reply) != "protocol")
        {
            throw new InvalidDataException($"broken framing answered {reply.RootElement}");
        }

        var (rest, _, _) = await client.ReadToEndAsync(context.Token);
        if (rest.Length != 0)
        {
            throw new InvalidDataException($"{rest.Length} more bytes after the protocol error");
        }
    }

    private static async Task HostileNamesAsync(AttackContext context)
    {
        string[] names = ["../escape.txt", "/etc/hostile.txt", "a/../../escape.txt", "ctl\u0001\u001b[2J.txt", "C:/win.txt", "x.nwpart", "a//b", "CON", "..", "back\\slash", ""];
        await using var client = await context.ConnectAsync();
        await HelloAsync(client, context.Token);
        for (var i = 0; i < names.Length; i++)
        {
            await client.SendAsync(Frame(JsonSerializer.Serialize(new Dictionary<string, object> { ["op"] = "put", ["id"] = i + 1, ["name"] = names[i], ["size"] = 1 })), context.Token);
        }

        await context.HoldAsync();
        for (var i = 0; i < names.Length; i++)
        {
            var reply = await ReadFrameAsync(client, context.Token) ?? throw new InvalidDataException($"closed instead of refusing '{names[i]}'");
            if (Op(reply) != "error" || Code(reply) != "bad-name" || reply.RootElement.GetProperty("id").GetInt32() != i + 1)
            {
                throw new InvalidDataException($"put '{names[i]}' answered {reply.RootElement}");
            }
        }

        if (File.Exists(Path.Combine(Root, "..", "escape.txt")) || File.Exists("/etc/hostile.txt"))
        {
            throw new InvalidDataException("a hostile name wrote outside the root");
        }

        await StatMissingAsync(client, "after", context.Token);
    }

    private static async Task SlowUploadersAsync(AttackContext context)
    {
        const int size = 64 * 1024;
        var clients = new List<HostileClient>();
        try
        {
            for (var i = 0; i < 20; i++)
            {
                var client = await context.ConnectAsync();
                clients.Add(client);
                await StartUploadAsync(client, $"slow-{i}.bin", size, context.Token);
            }

            // 512 bytes per client every 100 ms: slow, but never silent for the stall timeout.
            var chunk = new byte[512];
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.Token);
            var trickling = Task.Run(async () =>
            {
                for (var sent = 0; sent + chunk.Length < size && !stop.IsCancellationRequested; sent += chunk.Length)
                {
                    foreach (var client in clients)
                    {
                        await client.SendAsync(chunk, context.Token);
                    }

                    await Task.Delay(100, CancellationToken.None);
                }
            });
            await context.HoldAsync();
            await stop.CancelAsync();
            await trickling;
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Reset();
            }
        }

        ExpectNotVisible(Enumerable.Range(0, 20).Select(i => $"slow-{i}.bin"));
    }

    private static async Task PartialUploadsAsync(AttackContext context)
    {
        var half = new byte[100 * 1024];
        var next = 0;
        var rounds = await context.LoopDuringHoldAsync(workers: 4, minimumRounds: 200, async () =>
        {
            var name = $"part-{Interlocked.Increment(ref next)}.bin";
            var client = await context.ConnectAsync();
            await StartUploadAsync(client, name, 1024 * 1024, context.Token);
            await client.SendAsync(half, context.Token);
            client.Reset();
            await client.DisposeAsync();
        });
        ExpectNotVisible(Enumerable.Range(1, rounds).Select(i => $"part-{i}.bin"));
    }

    /// <summary>Handshake, <c>put</c>, waits for <c>ready</c>, sends the <c>data</c> header: the raw bytes are next.</summary>
    private static async Task StartUploadAsync(HostileClient client, string name, int size, CancellationToken cancellationToken)
    {
        await HelloAsync(client, cancellationToken);
        await client.SendAsync(Frame($$"""{"op":"put","id":1,"name":"{{name}}","size":{{size}}}"""), cancellationToken);
        var ready = await ReadFrameAsync(client, cancellationToken) ?? throw new InvalidDataException($"closed instead of answering put {name}");
        if (Op(ready) != "ready")
        {
            throw new InvalidDataException($"put {name} answered {ready.RootElement}");
        }

        await client.SendAsync(Frame($$"""{"op":"data","id":1,"offset":0,"length":{{size}}}"""), cancellationToken);
    }

    private static void ExpectNotVisible(IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            if (File.Exists(Path.Combine(Root, name)))
            {
                throw new InvalidDataException($"the unfinished upload '{name}' is visible under its name");
            }
        }
    }

    private static async Task HelloAsync(HostileClient client, CancellationToken cancellationToken)
    {
        await client.SendAsync(Frame("""{"op":"hello","id":0,"protocol":"netwright-files","version":1}"""), cancellationToken);
        var reply = await ReadFrameAsync(client, cancellationToken) ?? throw new InvalidDataException("closed instead of answering hello");
        if (Op(reply) != "hello")
        {
            throw new InvalidDataException($"hello answered {reply.RootElement}");
        }
    }

    private static byte[] Frame(string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var frame = new byte[4 + body.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame, body.Length);
        body.CopyTo(frame, 4);
        return frame;
    }

    /// <summary>Reads one control message; null at the end of the stream.</summary>
    private static async Task<JsonDocument?> ReadFrameAsync(HostileClient client, CancellationToken cancellationToken)
    {
        var prefix = new byte[4];
        if (!await ReadExactlyAsync(client, prefix, cancellationToken))
        {
            return null;
        }

        var length = BinaryPrimitives.ReadInt32BigEndian(prefix);
        if (length is <= 0 or > 64 * 1024)
        {
            throw new InvalidDataException($"the server sent a frame of {length} bytes");
        }

        var body = new byte[length];
        return await ReadExactlyAsync(client, body, cancellationToken) ? JsonDocument.Parse(body) : throw new InvalidDataException("the stream ended inside a frame");
    }

    private static async Task<bool> ReadExactlyAsync(HostileClient client, byte[] buffer, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var count = await client.Stream.ReadAsync(buffer.AsMemory(read), cancellationToken);
            if (count == 0)
            {
                return read == 0 ? false : throw new InvalidDataException("the stream ended inside a frame");
            }

            read += count;
        }

        return true;
    }

    private static string? Op(JsonDocument message) => message.RootElement.TryGetProperty("op", out var op) ? op.GetString() : null;

    private static string? Code(JsonDocument message) => message.RootElement.TryGetProperty("code", out var code) ? code.GetString() : null;
}
