// Original file: grpc/status.proto


export interface Empty__Input {
}

export interface Empty__Output {
}
