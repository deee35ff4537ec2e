// The seed design's responder, as the 2020 article "Connecting to AWS Lambda via WebSockets" writes its Lambda function #2:
// mqtt.js over WebSocket, subscribe to foobar/<id>/request, and for every message publish {"message":"PONG"} with QoS 1
// on foobar/<id>/response without waiting for the PUBACK (fire and forget). Two changes for benchmarking: the URL comes
// from the command line instead of aws-sign-mqtt (the local broker ignores the signature), and it publishes
// {"type":"ready"} once subscribed so the load generator knows when to start. The article also console.logs every message;
// that is left out, so the baseline is the design at its fastest.
//   node responder.js ws://127.0.0.1:port/mqtt <channelId>
'use strict'
const mqtt = require('mqtt')

const [url, channelId] = process.argv.slice(2)
if (!url || !channelId) {
  console.error('usage: node responder.js <ws-url> <channelId>')
  process.exit(2)
}

const TOPIC_REQUEST = `foobar/${channelId}/request`
const TOPIC_RESPONSE = `foobar/${channelId}/response`
const PONG = JSON.stringify({ message: 'PONG' })

const channel = mqtt.connect(url, { protocolVersion: 4, clean: true, keepalive: 60, reconnectPeriod: 0 })
channel.on('connect', () => {
  channel.subscribe(TOPIC_REQUEST, { qos: 1 }, (error) => {
    if (error) {
      console.error(error)
      process.exit(1)
    }
    channel.publish(TOPIC_RESPONSE, JSON.stringify({ type: 'ready' }), { qos: 1 })
  })
})
channel.on('message', () => {
  channel.publish(TOPIC_RESPONSE, PONG, { qos: 1 })
})
channel.on('error', (error) => {
  console.error(error.message)
  process.exit(1)
})
process.on('SIGTERM', () => channel.end(true, () => process.exit(0)))
