/**
 * Example Corp's Modbus TCP driver for Fabrica: endpoint and address syntax (package version 1.0.0).
 *
 * <p>The bundle registers two OSGi Declarative Services components (in a package it does not export):
 * a {@code DeviceDriver} with id {@code modbus-tcp}, so Fabrica picks it for every endpoint
 * {@code modbus-tcp://...}, and a {@code DeviceDescriptionImporter} with id {@code modbus-register-map}
 * for vendor register maps in CSV (see {@code examples/press-line.csv} in this bundle). This package
 * holds what users and other bundles need to write: the endpoint and address syntax.
 *
 * <h2>Endpoint</h2>
 * <pre>modbus-tcp://host[:port][?unit=N]</pre>
 * Port 502 and unit identifier 1 unless given. Modbus TCP has no channel security and no user
 * identity: a connection asking for a security policy other than None, or for an identity other
 * than anonymous, is refused. See {@link com.example.fabrica.modbus.ModbusEndpoint}.
 *
 * <h2>Address</h2>
 * A signal is bound to a {@code DeviceAddress} whose text is
 * <pre>table:offset[:type][:order][:scale=S][:offset=O]</pre>
 * <ul>
 * <li><b>table</b>: {@code co} (coil, read-write bit), {@code di} (discrete input, read-only bit),
 * {@code ir} (input register, read-only) or {@code hr} (holding register, read-write). Long names
 * ({@code coil}, {@code discrete}, {@code input}, {@code holding}) are accepted too.</li>
 * <li><b>offset</b>: the 0-based protocol address of the first coil or register, 0..65535 (register
 * "40101" of a vendor's 1-based notation is {@code hr:100}).</li>
 * <li><b>type</b>: {@code bool} (the only type of coils and discrete inputs, and their default),
 * {@code int16}, {@code uint16} (the default for registers), {@code int32}, {@code uint32},
 * {@code float32} (two registers each) or {@code float64} (four registers).</li>
 * <li><b>order</b>: where the bytes A B C D of the big-endian value appear in the registers:
 * {@code ABCD} (big-endian, the default), {@code DCBA} (little-endian), {@code BADC} (bytes swapped
 * in each word) or {@code CDAB} (words swapped). For float64 the pattern extends to eight bytes;
 * for 16-bit types only the byte swap matters.</li>
 * <li><b>scale=S</b>, <b>offset=O</b>: engineering value = raw * S + O (default 1 and 0); a write
 * inverts it. A scaled value is a {@code Double}.</li>
 * </ul>
 * Type, order and the options may come in any order after the offset; names are case-insensitive.
 * Examples: {@code co:0}, {@code di:7:bool}, {@code ir:3:int16:scale=0.1},
 * {@code hr:100:float32:CDAB}, {@code hr:200:uint16:scale=0.01:offset=-40}. See
 * {@link com.example.fabrica.modbus.ModbusAddress#parse(String)}.
 *
 * <h2>Values</h2>
 * Reads deliver {@code Boolean} for bits, {@code Integer} for int16, uint16 and int32, {@code Long}
 * for uint32, {@code Float} for float32, {@code Double} for float64 and for every scaled value.
 * Writes accept a {@code Boolean} (or 0/1) for coils and any {@code Number} (or a numeric
 * {@code String}) for holding registers; a value that does not fit the raw type, or that the scaling
 * cannot represent exactly, is refused with {@code BAD_VALUE}; writing a discrete input or input
 * register is refused with {@code NOT_WRITABLE}.
 *
 * <h2>Browsing and subscriptions</h2>
 * Modbus has no browse service and no subscriptions: browsing returns no nodes (bind signals by
 * importing the device's register map), and a subscription polls its addresses at its sampling
 * interval, reporting each value first and then every change; a failed poll reports quality BAD.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package com.example.fabrica.modbus;
