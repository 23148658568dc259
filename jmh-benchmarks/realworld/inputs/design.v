// RealWorldBench yosys input: a small system of our own — an 8-bit ALU, a register file, a
// UART transmitter FSM, a CRC-16 unit and a counter, tied together; synthesised with `synth`.
module alu(input [7:0] a, b, input [2:0] op, output reg [7:0] y, output zero, output carry);
  reg c;
  always @* begin
    c = 1'b0;
    case (op)
      3'd0: {c, y} = a + b;
      3'd1: {c, y} = {1'b0, a} - {1'b0, b};
      3'd2: y = a & b;
      3'd3: y = a | b;
      3'd4: y = a ^ b;
      3'd5: y = a << b[2:0];
      3'd6: y = a >> b[2:0];
      default: y = (a < b) ? 8'd1 : 8'd0;
    endcase
  end
  assign zero = (y == 8'd0);
  assign carry = c;
endmodule

module regfile(input clk, input we, input [2:0] wa, ra1, ra2, input [7:0] wd, output [7:0] rd1, rd2);
  reg [7:0] r [0:7];
  always @(posedge clk) if (we) r[wa] <= wd;
  assign rd1 = r[ra1];
  assign rd2 = r[ra2];
endmodule

module uart_tx #(parameter DIV = 16) (input clk, rst, start, input [7:0] data, output reg tx, output busy);
  localparam IDLE = 2'd0, START = 2'd1, BITS = 2'd2, STOP = 2'd3;
  reg [1:0] state;
  reg [7:0] shift;
  reg [2:0] bitn;
  reg [$clog2(DIV)-1:0] tick;
  assign busy = state != IDLE;
  always @(posedge clk) begin
    if (rst) begin
      state <= IDLE; tx <= 1'b1; tick <= 0; bitn <= 0;
    end else if (state == IDLE) begin
      tx <= 1'b1;
      if (start) begin state <= START; shift <= data; tick <= 0; end
    end else begin
      tick <= tick + 1'b1;
      if (tick == DIV - 1) begin
        tick <= 0;
        case (state)
          START: begin tx <= 1'b0; state <= BITS; bitn <= 0; end
          BITS: begin
            tx <= shift[0]; shift <= {1'b0, shift[7:1]}; bitn <= bitn + 1'b1;
            if (bitn == 3'd7) state <= STOP;
          end
          STOP: begin tx <= 1'b1; state <= IDLE; end
          default: state <= IDLE;
        endcase
      end
    end
  end
endmodule

module crc16(input clk, rst, en, input [7:0] d, output reg [15:0] crc);
  integer i;
  reg [15:0] c;
  always @(posedge clk) begin
    if (rst) crc <= 16'hffff;
    else if (en) begin
      c = crc;
      for (i = 0; i < 8; i = i + 1)
        c = (c[15] ^ d[7 - i]) ? {c[14:0], 1'b0} ^ 16'h1021 : {c[14:0], 1'b0};
      crc <= c;
    end
  end
endmodule

module top(input clk, rst, input [15:0] instr, output tx, output [15:0] crc, output [7:0] result, output flags);
  wire [7:0] rd1, rd2, y;
  wire zero, carry, busy;
  reg [15:0] pc;
  regfile rf(.clk(clk), .we(instr[15]), .wa(instr[14:12]), .ra1(instr[11:9]), .ra2(instr[8:6]), .wd(y), .rd1(rd1), .rd2(rd2));
  alu u_alu(.a(rd1), .b(instr[5] ? {5'd0, instr[2:0]} : rd2), .op(instr[5:3]), .y(y), .zero(zero), .carry(carry));
  uart_tx #(.DIV(8)) u_tx(.clk(clk), .rst(rst), .start(instr[15] & ~busy), .data(y), .tx(tx), .busy(busy));
  crc16 u_crc(.clk(clk), .rst(rst), .en(instr[15]), .d(y), .crc(crc));
  always @(posedge clk) pc <= rst ? 16'd0 : pc + (zero ? 16'd2 : 16'd1);
  assign result = y ^ pc[7:0];
  assign flags = zero ^ carry ^ busy;
endmodule
