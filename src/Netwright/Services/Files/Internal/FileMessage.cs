using System.Text.Json.Serialization;

namespace Netwright.Services.Files.Internal;

/// <summary>
/// One control message of the files protocol: a JSON object whose <see cref="Op"/> says what it is; the other
/// fields are present only where docs/protocols/files.md says so.
/// </summary>
internal sealed class FileMessage
{
    [JsonPropertyName("op")]
    public string Op { get; set; } = "";

    [JsonPropertyName("id")]
    public long? Id { get; set; }

    [JsonPropertyName("protocol")]
    public string? Protocol { get; set; }

    [JsonPropertyName("version")]
    public int? Version { get; set; }

    [JsonPropertyName("features")]
    public string[]? Features { get; set; }

    [JsonPropertyName("token")]
    public string? Token { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("size")]
    public long? Size { get; set; }

    [JsonPropertyName("offset")]
    public long? Offset { get; set; }

    [JsonPropertyName("length")]
    public long? Length { get; set; }

    [JsonPropertyName("hash")]
    public string? Hash { get; set; }

    [JsonPropertyName("algorithm")]
    public string? Algorithm { get; set; }

    [JsonPropertyName("recursive")]
    public bool? Recursive { get; set; }

    [JsonPropertyName("modified")]
    public long? Modified { get; set; }

    [JsonPropertyName("count")]
    public long? Count { get; set; }

    [JsonPropertyName("code")]
    public string? Code { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }

    [JsonPropertyName("maxSize")]
    public long? MaxSize { get; set; }
}

/// <summary>Source-generated JSON for <see cref="FileMessage"/>: no reflection, nulls left out.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(FileMessage))]
internal sealed partial class FileMessageJson : JsonSerializerContext;
