using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Realtime.Lambda;

/// <summary>Turns one log event into one line (no I/O); CloudWatch splits entries on newlines, so none may remain.</summary>
internal static class LambdaLogFormatter
{
    private static readonly JsonWriterOptions s_jsonOptions = new()
    {
        // Log lines are not HTML: keep '<', '&', quotes and non-ASCII readable. Control characters are still escaped.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Format(LambdaLogFormat format, DateTimeOffset timestamp, string? requestId, LambdaLogLevel level, string message)
        => format == LambdaLogFormat.Json
            ? FormatJson(timestamp, requestId, level, message)
            : FormatText(timestamp, requestId, level, message);

    public static string FormatText(DateTimeOffset timestamp, string? requestId, LambdaLogLevel level, string message)
        => $"{FormatTimestamp(timestamp)}\t{requestId}\t{LogLevelNames.Name(level)}\t{message.ReplaceLineEndings("\\n")}";

    public static string FormatJson(DateTimeOffset timestamp, string? requestId, LambdaLogLevel level, string message)
    {
        var buffer = new ArrayBufferWriter<byte>(128 + message.Length);
        using (var writer = new Utf8JsonWriter(buffer, s_jsonOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("timestamp", FormatTimestamp(timestamp));
            writer.WriteString("level", LogLevelNames.Name(level));
            writer.WriteString("message", message);
            if (requestId is not null)
            {
                writer.WriteString("requestId", requestId);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string FormatTimestamp(DateTimeOffset timestamp)
        => timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
