untrusted comment: verify with keys/m1.pub
RWQBAQIDBAUGB+wQlASsfuDzmX3UhlPZrXY+7ttjYzFkxmUxBK8fryP7l05EfS6MSbwjjO73jSeCdcU/h1UBPtfPLGs71jUULAY=
