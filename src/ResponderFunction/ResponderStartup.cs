using Realtime.Lambda;
using ResponderFunction.Configuration;
using ResponderFunction.Handlers;
using ResponderFunction.Ownership;
using ResponderFunction.Sessions;
using ResponderFunction.Transport;

namespace ResponderFunction;

/// <summary>Composes the function once per process (Lambda init): configuration, MQTT connector, request handler.</summary>
internal static class ResponderStartup
{
    /// <summary>
    /// Reads the configuration (a missing or invalid setting throws <see cref="LambdaConfigurationException"/>, which the
    /// bootstrap reports as the init error) and builds the handler. Plug your own logic in here: replace
    /// <see cref="PongHandler"/> with your <see cref="IChannelMessageHandler"/>.
    /// </summary>
    public static ResponderHandler Create(IEnvironmentVariables environment, ILambdaLogger logger, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(logger);
        ResponderConfig config = ResponderConfig.From(environment);
        TimeProvider time = timeProvider ?? TimeProvider.System;
        var options = new SessionOptions { IdleTime = config.IdleTime, DeadlineMargin = config.DeadlineMargin };
        logger.LogInformation(
            $"Responder ready: endpoint {config.IotEndpoint}, region {config.Region}, prefix {config.TopicPrefix}, " +
            $"idle {config.IdleTime.TotalSeconds:0} s, deadline margin {config.DeadlineMargin.TotalSeconds:0} s.");
        ChannelOwnership ownership = ChannelOwnership.Create(config.Lease, time, logger);
        return new ResponderHandler(config.TopicPrefix, options, new MqttNetChannelConnector(config, time), new PongHandler(), time, ownership);
    }
}
