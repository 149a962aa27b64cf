untrusted comment: verify with keys/m2.pub
RWQCAQIDBAUGBxEF4uN6N0LdSrDT860/P1+MzK4sd3bvf7fpjsdTTCLgcP3ikHFwy0ciOFK2ICO8wOcRd06d8rPRAV/irFUJ5wI=
