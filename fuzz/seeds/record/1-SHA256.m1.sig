untrusted comment: verify with keys/m1.pub
RWQBAQIDBAUGBzu0kg7DHpiP+tI6v2cl8X4cGwt7NqcupcpWYxZIhgK0t2CZXJLnWthi56TBt6dIEvd/ppR8GUwnvk/6X75WYQI=
