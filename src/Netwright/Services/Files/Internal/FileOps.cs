namespace Netwright.Services.Files.Internal;

/// <summary>The protocol's names: operations, features and error codes, as docs/protocols/files.md lists them.</summary>
internal static class FileOps
{
    public const string ProtocolName = "netwright-files";
    public const int Version = 1;

    public const string Hello = "hello";
    public const string Put = "put";
    public const string Ready = "ready";
    public const string Data = "data";
    public const string Done = "done";
    public const string Ok = "ok";
    public const string Get = "get";
    public const string File = "file";
    public const string End = "end";
    public const string List = "list";
    public const string Stat = "stat";
    public const string Entry = "entry";
    public const string Delete = "delete";
    public const string Error = "error";
    public const string Mkdir = "mkdir";
    public const string KeepAlive = "keepalive";

    public const string FeatureSha256 = "sha256";
    public const string FeatureXxh128 = "xxh128";
    public const string FeatureResume = "resume";
    public const string FeatureDelete = "delete";
    public const string FeatureOverwrite = "overwrite";
    public const string FeatureReadOnly = "read-only";
    public const string FeatureKeepAlive = "keepalive";
    public const string FeatureMkdir = "mkdir";

    public static string AlgorithmName(FileHashAlgorithm algorithm) => algorithm == FileHashAlgorithm.Xxh128 ? FeatureXxh128 : FeatureSha256;

    public static bool TryParseAlgorithm(string? name, out FileHashAlgorithm algorithm)
    {
        switch (name)
        {
            case null or FeatureSha256:
                algorithm = FileHashAlgorithm.Sha256;
                return true;
            case FeatureXxh128:
                algorithm = FileHashAlgorithm.Xxh128;
                return true;
            default:
                algorithm = default;
                return false;
        }
    }

    public static string CodeName(FileErrorCode code) => code switch
    {
        FileErrorCode.NoSuchFile => "no-such-file",
        FileErrorCode.Exists => "exists",
        FileErrorCode.NotAllowed => "not-allowed",
        FileErrorCode.TooLarge => "too-large",
        FileErrorCode.DiskFull => "disk-full",
        FileErrorCode.BadName => "bad-name",
        FileErrorCode.BadToken => "bad-token",
        FileErrorCode.Busy => "busy",
        FileErrorCode.BadHash => "bad-hash",
        FileErrorCode.Protocol => "protocol",
        FileErrorCode.Version => "version",
        _ => "failed",
    };

    public static FileErrorCode ParseCode(string? name) => name switch
    {
        "no-such-file" => FileErrorCode.NoSuchFile,
        "exists" => FileErrorCode.Exists,
        "not-allowed" => FileErrorCode.NotAllowed,
        "too-large" => FileErrorCode.TooLarge,
        "disk-full" => FileErrorCode.DiskFull,
        "bad-name" => FileErrorCode.BadName,
        "bad-token" => FileErrorCode.BadToken,
        "busy" => FileErrorCode.Busy,
        "bad-hash" => FileErrorCode.BadHash,
        "protocol" => FileErrorCode.Protocol,
        "version" => FileErrorCode.Version,
        _ => FileErrorCode.Failed,
    };
}
