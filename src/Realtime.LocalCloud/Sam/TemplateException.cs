namespace Realtime.LocalCloud.Sam;

/// <summary>The template cannot be run locally; the message names the resource and property and says what to change.</summary>
internal sealed class TemplateException(string message) : Exception(message);
