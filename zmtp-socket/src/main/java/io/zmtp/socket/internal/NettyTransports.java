/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.socket.internal;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

import java.util.Locale;

/**
 * Which Netty transport the sockets use for TCP: the native epoll transport when it is on the class path and loads
 * on this machine (Linux; {@code io.netty:netty-transport-native-epoll}), NIO otherwise or when the system property
 * {@value #PROPERTY} is {@code nio}. Channels always match the event loop group they are registered with, so a
 * group the application passes in decides for its channels.
 */
public final class NettyTransports {

    /** The system property that forces a transport: {@code nio}, or {@code auto} (the default). */
    public static final String PROPERTY = "zmtp.transport";

    private static final boolean EPOLL = epollUsable();

    private NettyTransports() {
    }

    /** Returns the I/O handler of the event loop groups the sockets create themselves. */
    public static IoHandlerFactory ioHandlerFactory() {
        return EPOLL ? EpollTransport.ioHandlerFactory() : NioIoHandler.newFactory();
    }

    /** Returns the name of the transport the sockets' own groups use: {@code epoll} or {@code nio}. */
    public static String defaultTransport() {
        return EPOLL ? "epoll" : "nio";
    }

    /** Returns the listening channel class that fits {@code group}. */
    public static Class<? extends ServerChannel> serverChannelClass(EventLoopGroup group) {
        return isEpoll(group) ? EpollTransport.serverChannelClass() : NioServerSocketChannel.class;
    }

    /** Returns the connecting channel class that fits {@code group} (an event loop is a group too). */
    public static Class<? extends Channel> socketChannelClass(EventLoopGroup group) {
        return isEpoll(group) ? EpollTransport.socketChannelClass() : NioSocketChannel.class;
    }

    private static boolean isEpoll(EventLoopGroup group) {
        return EPOLL && group instanceof IoEventLoopGroup && EpollTransport.isEpollGroup((IoEventLoopGroup) group);
    }

    private static boolean epollUsable() {
        String chosen = System.getProperty(PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        if (chosen.equals("nio")) {
            return false;
        }
        try {
            return Epoll.isAvailable();
        } catch (LinkageError e) {
            return false; // the epoll classes are not on the class path
        }
    }

    /** Everything that names an epoll class; loaded only once epoll is known to be there. */
    private static final class EpollTransport {

        static IoHandlerFactory ioHandlerFactory() {
            return EpollIoHandler.newFactory();
        }

        static Class<? extends ServerChannel> serverChannelClass() {
            return EpollServerSocketChannel.class;
        }

        static Class<? extends Channel> socketChannelClass() {
            return EpollSocketChannel.class;
        }

        static boolean isEpollGroup(IoEventLoopGroup group) {
            return group.isIoType(EpollIoHandler.class);
        }
    }
}
