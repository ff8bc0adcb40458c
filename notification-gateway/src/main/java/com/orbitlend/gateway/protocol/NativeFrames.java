package com.orbitlend.gateway.protocol;

import com.orbitlend.gateway.delivery.Delivered;
import com.orbitlend.gateway.delivery.EventFrameEncoder;
import com.orbitlend.gateway.delivery.FrameVariants;
import com.orbitlend.gateway.delivery.LiveFrontier;
import com.orbitlend.gateway.delivery.OutboundFrame;
import com.orbitlend.gateway.socketio.SocketIoEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The event frames for the delivery layer: the native JSON protocol's, each carrying its Socket.IO variant (built
 * only if a Socket.IO socket writes it, see {@link SocketIoEvents}).
 */
@ApplicationScoped
class NativeFrames implements EventFrameEncoder {

    @Inject
    LiveFrontier frontier;

    @Override
    public OutboundFrame encode(Delivered delivered) {
        return Frames.event(delivered, SocketIoEvents.detached(delivered));
    }

    @Override
    public List<OutboundFrame> encodeLive(List<Delivered> batch, Map<Integer, Long> frontierAfter) {
        List<FrameVariants> socketIo = SocketIoEvents.live(batch, frontierAfter, frontier.partitions());
        List<OutboundFrame> frames = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            frames.add(Frames.event(batch.get(i), socketIo.get(i)));
        }
        return frames;
    }

    /** The native bytes as they are; the Socket.IO variant without the live stream's offsets (as a replay's). */
    @Override
    public OutboundFrame replayed(OutboundFrame live) {
        return new OutboundFrame(live.channel(), live.position(), live.notificationId(), live.bytes(), live.wire(),
                SocketIoEvents.detached(live.variants()));
    }
}
