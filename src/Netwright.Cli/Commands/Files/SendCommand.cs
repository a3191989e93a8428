using System.CommandLine;
using Netwright.Services.Files;
using Netwright.Transport;

namespace Netwright.Cli.Commands.Files;

/// <summary><c>netwright send PATH... --to ENDPOINT</c>: uploads files and folder trees; a rerun resumes.</summary>
internal static class SendCommand
{
    public static Command Create(CliConsole console)
    {
        var paths = new Argument<string[]>("path") { Description = "Files or folders to send", Arity = ArgumentArity.OneOrMore };
        var to = new Option<string>("--to") { Description = "The file server: HOST:PORT or unix:///path.sock", Required = true };
        var name = new Option<string?>("--as") { Description = "Name on the server (one PATH only): a file's name, or the folder a tree goes into" };
        var shared = new ClientOptionSet();
        var command = new Command("send", "Send files or folder trees to `netwright serve files`; each file is verified (SHA-256 by default)\n" +
            "before it appears on the server. Interrupted? Run the same command again: it resumes.\n\n" +
            "Examples:\n" +
            "  netwright send report.pdf --to localhost:9021\n" +
            "  netwright send photos/ notes.txt --to 10.0.0.5:9021 --token s3cret\n" +
            "  netwright send big.iso --to unix:///tmp/files.sock --as isos/big.iso --verify xxh128")
        {
            paths, to, name,
        };
        shared.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            try
            {
                var options = shared.Read(parseResult);
                var endpoint = NetEndPoint.Parse(parseResult.GetValue(to)!);
                var uploads = UploadPlan.Build(parseResult.GetValue(paths)!, parseResult.GetValue(name));
                await using var client = await FileTransferClient.ConnectAsync(endpoint, options, cancellationToken);
                var output = new TransferOutput(console, parseResult.GetValue(shared.Json), "sent");
                var total = uploads.Sum(u => new FileInfo(u.LocalPath).Length);
                await output.RunAsync(total, progress => client.PutAsync(uploads, progress, cancellationToken));
                return ExitCodes.Success;
            }
            catch (Exception ex) when (FileCommandErrors.IsReportable(ex) && !cancellationToken.IsCancellationRequested)
            {
                return FileCommandErrors.Report(console, ex);
            }
        });
        return command;
    }
}
